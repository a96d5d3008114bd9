namespace ConsentHub.Benchmarks.Run;

/// The benchmark command's C# steps (`--mode NAME --key value …`), each run by bench.sh as a process of its own.
public static class Cli
{
    public static async Task<int> RunAsync(string mode, string[] args) => mode switch
    {
        "ndjson" => await ImportData.WriteAsync(Get(args, "--subjects"), Get(args, "--out")),
        "fill" => await RouteFill.RunAsync(Get(args, "--url"), Get(args, "--tenant"), Get(args, "--key"), Get(args, "--ndjson")),
        "quiet" => await Quiet.WaitAsync(Get(args, "--db")),
        "scan" => RawScan.Run(Get(args, "--dir")),
        "sqlite-rows" => await SqliteRows.RunAsync(Get(args, "--dir"), double.Parse(Get(args, "--seconds"), System.Globalization.CultureInfo.InvariantCulture)),
        "optout" => await OptOut.RunAsync(Get(args, "--url"), Get(args, "--tenant"), Get(args, "--key"), Get(args, "--outbox"), int.Parse(Get(args, "--subjects"), System.Globalization.CultureInfo.InvariantCulture), int.Parse(Get(args, "--samples"), System.Globalization.CultureInfo.InvariantCulture)),
        "port" => FreePort(),
        "report" => Report.Write(Get(args, "--figures"), Get(args, "--out")),
        _ => throw new ArgumentException($"unknown mode {mode}"),
    };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        Console.WriteLine(((System.Net.IPEndPoint)listener.LocalEndpoint).Port);
        return 0;
    }

    public static string Get(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} is required");
}
