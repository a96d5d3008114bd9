using System.Collections.Concurrent;
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
}
