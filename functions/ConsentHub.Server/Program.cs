using ConsentHub.Hub;
using ConsentHub.Hub.Storage;

try
{
    await using var app = HubApp.Create(args);
    await app.RunAsync();
}
catch (StartRefusedException refused)
{
    // One line that names the file and the fix; a stack trace would bury both.
    Console.Error.WriteLine(refused.Message);
    return 1;
}
return 0;

public partial class Program;
