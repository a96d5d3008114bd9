using System.Text.Json;
using ConsentHub.Functions.Http;
using ConsentHub.Functions.Projections.Cosmos;
using ConsentHub.Functions.Projections.Views;
using ConsentHub.Functions.Propagation;

namespace ConsentHub.Functions.FunctionsHost;

/// `POST /EventsChangeFeed`: the Cosmos DB trigger on the events container. Brings the views of the batch's streams
/// up to date and publishes the batch's CloudEvents through the `preferenceEvents` output (topic preference-events).
/// Any failure answers 500, so the host retries the batch (function.json's retry policy); every step is idempotent:
/// views are guarded by stream version, and CRMs deduplicate CloudEvents by their `id`.
public static class ChangeFeedFunction
{
    public static async Task<IResult> HandleAsync(HttpContext http, ChangeFeedEvents events, PropagationStarter starter, ViewRefresh refresh, CancellationToken ct)
    {
        if (http.RequestServices.GetService<CosmosViews>() is not { } views)
            return Problems.Of(503, "change-feed-unavailable", "No change feed with this store",
                "The Cosmos DB change feed is handled only when ConsentHub:Store is 'cosmos'.");
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

        var moved = await views.ProjectAsync(commits.Select(c => c.Stream), ct)
            + await refresh.RefreshAsync(commits.Select(c => c.Stream), ct);
        var (messages, stored, skipped) = await events.BuildAsync(commits, ct);
        // Every change some target must hear of starts its propagation: idempotent, so a redelivered batch starts nothing twice.
        foreach (var e in stored) await starter.StartAsync(e, ct);
        var logs = new List<string>
        {
            $"{commits.Count} commit(s) of {commits.Select(c => c.Stream).Distinct().Count()} stream(s); {moved} view(s) moved",
            $"{messages.Count} CloudEvent(s) to preference-events",
        };
        if (!starter.CanStart) logs.Add("No Service Bus is configured (ConsentHub:ServiceBus:Namespace): no propagation was started");
        if (skipped.Count > 0) logs.Add($"Not in the store, not published: {string.Join(", ", skipped)}");
        return InvocationResult.Ok(logs, null, new Dictionary<string, object?> { [FunctionNames.PreferenceEventsBinding] = messages });
    }
}
