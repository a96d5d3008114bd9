using ConsentHub.Functions;

await using var app = HubApp.Create(args);
await app.RunAsync();

public partial class Program;
