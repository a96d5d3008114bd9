using ConsentHub.Hub;

return await HubStart.RunAsync(async () =>
{
    await using var app = HubApp.Create(args);
    await app.RunAsync();
});

public partial class Program;
