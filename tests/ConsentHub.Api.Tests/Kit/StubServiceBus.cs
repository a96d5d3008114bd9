using System.Collections.Concurrent;
using Azure.Core;
using Microsoft.AspNetCore.Http;

namespace ConsentHub.Api.Tests.Kit;

/// A stand-in for Service Bus's REST endpoint on 127.0.0.1: records each `POST /{topic}/messages` and answers 201,
/// or the status a test sets.
public sealed class StubServiceBus : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string Topic, string? Authorization, string? BrokerProperties, string? Kind, string? ContentType, string Body);

    private StubServiceBus(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Messages { get; } = new();
    public int Status { get; set; } = StatusCodes.Status201Created;
    public Uri Endpoint => new(_app.Urls.First() + "/");

    public static async Task<StubServiceBus> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubServiceBus(app);
        app.MapPost("/{topic}/messages", async (HttpContext http, string topic) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            stub.Messages.Enqueue(new Received(topic, http.Request.Headers.Authorization, http.Request.Headers["BrokerProperties"],
                http.Request.Headers["kind"], http.Request.ContentType, await reader.ReadToEndAsync()));
            return Results.StatusCode(stub.Status);
        });
        await app.StartAsync();
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// A token credential that hands out a fixed token, as a managed identity would hand out a real one.
public sealed class FixedToken(string token) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
