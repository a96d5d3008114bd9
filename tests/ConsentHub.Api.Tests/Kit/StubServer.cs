using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace ConsentHub.Api.Tests.Kit;

public sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);

/// A provider stand-in (SendGrid, Twilio, a CRM): a small Kestrel app on 127.0.0.1 that records every request and
/// answers with what the test's responder says for the n-th request to that path (n from 1).
public sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<CapturedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    private StubServer(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Urls.First());
    public IReadOnlyList<CapturedRequest> Requests => [.. _requests];

    public static async Task<StubServer> StartAsync(Func<CapturedRequest, int, (int Status, IDictionary<string, string>? Headers, string? Body)> respond, TimeSpan? delay = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubServer(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var captured = new CapturedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync(), DateTimeOffset.UtcNow);
            stub._requests.Enqueue(captured);
            var n = stub._counts.AddOrUpdate(captured.Method + " " + context.Request.Path, 1, (_, c) => c + 1);
            if (delay is { } pause) await Task.Delay(pause);
            var (status, headers, body) = respond(captured, n);
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
            await context.Response.WriteAsync(body ?? "");
        });
        await app.StartAsync();
        return stub;
    }

    public static Task<StubServer> AlwaysAsync(int status) => StartAsync((_, _) => (status, null, status < 300 ? "{}" : """{"errors":[{"message":"stub"}]}"""));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
