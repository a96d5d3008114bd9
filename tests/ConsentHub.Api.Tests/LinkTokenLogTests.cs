using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// A link token is a credential for a person's choices: it must not reach a log at any level, in any scope.
public sealed class LinkTokenLogTests
{
    private sealed class Capture : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            Lines.Enqueue("scope: " + Describe(state));
            return this;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue($"{formatter(state, exception)} | {Describe(state)} | {exception}");

        private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : state?.ToString() ?? "";

        public void Dispose() { }
    }

    [Fact]
    public async Task Requests_to_link_paths_are_logged_with_the_token_cut_out()
    {
        var capture = new Capture();
        await using var hub = await TestHub.StartAsync(configure: b =>
        {
            b.Logging.AddProvider(capture);
            b.Logging.SetMinimumLevel(LogLevel.Trace);
        });
        const string token = "SecretLinkToken0123456789abcdefghijklmnopqrstuv";
        using var client = hub.Client();
        foreach (var path in new[] { $"/u/{token}", $"/p/{token}", $"/c/{token}", $"/u/{token}/x" })
        {
            using var get = await client.GetAsync(path);
            using var post = await client.PostAsync(path, new FormUrlEncodedContent([new("choice", "all")]));
        }

        await Eventually.HoldsAsync(() => Task.FromResult(capture.Lines.ToArray()), lines => lines.Any(l => l.Contains("/u/…", StringComparison.Ordinal)),
            what: "the redacted request line");
        Assert.DoesNotContain(capture.Lines, l => l.Contains(token, StringComparison.Ordinal));
    }

    /// A link mangled on its way (a space in it, the line cut short) is refused by Kestrel before any middleware runs;
    /// Kestrel's own bad-request line would quote the request line, token and all, when its category logs at Debug.
    [Theory]
    [InlineData("GET /p/{0} x HTTP/1.1")]
    [InlineData("GET /u/{0}/x y HTTP/1.1")]
    [InlineData("POST /c/{0}")]
    public async Task A_malformed_request_line_with_a_token_is_refused_without_logging_the_token(string line)
    {
        var capture = new Capture();
        await using var hub = await TestHub.StartAsync(configure: b =>
        {
            b.Logging.AddProvider(capture);
            b.Logging.SetMinimumLevel(LogLevel.Trace);
            b.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Trace);   // as an operator chasing a connection problem would set it
        });
        const string token = "MangledLinkToken0123456789abcdefghijklmnopqrstuv";
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(hub.BaseAddress.Host, hub.BaseAddress.Port);
        var stream = tcp.GetStream();
        var request = string.Format(CultureInfo.InvariantCulture, line, token) + "\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n";
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var status = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 400", status, StringComparison.Ordinal);

        tcp.Close();

        await Eventually.HoldsAsync(() => Task.FromResult(capture.Lines.ToArray()),
            lines => lines.Any(l => l.StartsWith("Connection id", StringComparison.Ordinal) && l.Contains("stopped.", StringComparison.Ordinal)),
            what: "Kestrel's line for the ended connection");
        Assert.DoesNotContain(capture.Lines, l => l.Contains(token, StringComparison.Ordinal));
    }
}
