using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ConsentHub.Api.Tests.Kit;

public sealed record CapturedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] RawBody, DateTimeOffset At)
{
    public string Body => Encoding.UTF8.GetString(RawBody);
}

/// A stand-in for a provider or a CRM (SendGrid, Twilio, a webhook receiver): a small Kestrel app on 127.0.0.1 that
/// records every request and answers as `Respond` says, or else as the responder given for the n-th request to
/// that method and path (n from 1), or else 204.
public sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<CapturedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    private StubServer(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Urls.First());
    public IReadOnlyList<CapturedRequest> Requests => [.. _requests];
    public Func<HttpContext, Task>? Respond { get; set; }

    public static async Task<StubServer> StartAsync(
        Func<CapturedRequest, int, (int Status, IDictionary<string, string>? Headers, string? Body)>? respond = null, TimeSpan? delay = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubServer(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var captured = new CapturedRequest(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray(), DateTimeOffset.UtcNow);
            stub._requests.Enqueue(captured);
            var n = stub._counts.AddOrUpdate(captured.Method + " " + captured.Path, 1, (_, c) => c + 1);
            if (delay is { } pause) await Task.Delay(pause);
            if (stub.Respond is { } custom)
            {
                await custom(context);
                return;
            }
            var (status, headers, text) = respond?.Invoke(captured, n) ?? (StatusCodes.Status204NoContent, null, null);
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
            if (text is not null) await context.Response.WriteAsync(text);
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
