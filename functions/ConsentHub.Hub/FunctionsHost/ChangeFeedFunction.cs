using System.Text.Json;
using ConsentHub.Hub.ChangeFeed;
using ConsentHub.Hub.Http;

namespace ConsentHub.Hub.FunctionsHost;

/// `POST /EventsChangeFeed`: the Cosmos DB trigger on the events container. Hands the batch to ChangeFeedHandler
/// (views, pull feed, propagation starts) and publishes the batch's CloudEvents through the `preferenceEvents` output (topic preference-events).
/// Any failure answers 500, so the host retries the batch (function.json's retry policy); every step is idempotent:
/// views are guarded by stream version, and CRMs deduplicate CloudEvents by their `id`.
public static class ChangeFeedFunction
{
    public static IResult Unavailable() => Problems.Of(503, "change-feed-unavailable", "No change feed with this store",
        "The Cosmos DB change feed is handled only when ConsentHub:Store is 'cosmos'.");

    public static async Task<IResult> HandleAsync(HttpContext http, ChangeFeedHandler handler, CancellationToken ct)
    {
        var (invocation, problem) = await Invocation.ReadAsync(http);
        if (problem is not null) return problem;
        if (invocation!.Value(FunctionNames.DocumentsBinding) is not { ValueKind: JsonValueKind.Array } documents)
            return Problems.Validation("Data.documents", "The Cosmos DB trigger delivers an array of documents.");
        IReadOnlyList<ChangedCommit> commits;
        try
        {
            commits = ChangeFeedBatch.Parse(documents);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return Problems.Validation("Data.documents", "Not commit documents of the events container.");
        }

        var outcome = await handler.HandleAsync(commits, ct);
        var logs = new List<string>
        {
            $"{outcome.Commits} commit(s) of {outcome.Streams} stream(s); {outcome.Moved} view(s) moved",
            $"{outcome.Messages.Count} CloudEvent(s) to preference-events",
        };
        if (!handler.CanStartPropagations) logs.Add("No Service Bus is configured (ConsentHub:ServiceBus:Namespace): no propagation was started");
        if (outcome.Skipped.Count > 0) logs.Add($"Not in the store, not published: {string.Join(", ", outcome.Skipped)}");
        return InvocationResult.Ok(logs, null, new Dictionary<string, object?> { [FunctionNames.PreferenceEventsBinding] = outcome.Messages });
    }
}
