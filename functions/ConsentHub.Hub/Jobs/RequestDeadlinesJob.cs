using System.Globalization;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Messages;
using ConsentHub.Hub.Messages.Providers;
using ConsentHub.Hub.Requests;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Jobs;

/// What one deadline run found, whom it told, and its log lines.
public sealed record RequestDeadlinesRun(RequestDeadlinesEvent.Ran Ran, IReadOnlyList<string> Lines)
{
    public RequestDeadlinesRunResponse Response => new(Ran.Meta.At, Ran.DueSoon, Ran.Overdue, Ran.Mailed, Ran.NoContact, Ran.Failed);
}

/// The daily deadline run (the server's RequestDeadlinesService, the Functions app's timer, the operator's route): the
/// open data subject requests due within 7 days or overdue, from the request views of every tenant (either store).
/// Each tenant's privacy contact gets one message listing them; a tenant without one is logged; a run that finds
/// nothing mails nothing. Each run is recorded in `admin/job-request-deadlines` with its counts.
public sealed class RequestDeadlinesJob(RequestViews requests, ITenantSource source, TenantRegistry registry, TenantService tenants, SendGridApi sendGrid,
    Outbox outbox, IEventStore store, TimeProvider clock, ILogger<RequestDeadlinesJob> logger)
{
    public static readonly StreamId Stream = new("admin", "job-request-deadlines");
    public static readonly TimeSpan Soon = TimeSpan.FromDays(7);

    /// The Functions app's timer: a run each time it fires.
    public async Task<JobRun> RunAsync(bool pastDue, CancellationToken ct)
    {
        var run = await RunAsync(pastDue ? "timer-missed" : "timer", ct);
        return new JobRun(run.Ran.Overdue, run.Lines);
    }

    /// The UTC day of the last scheduled run recorded (an operator's run does not count), and the stream's version.
    public async Task<(DateOnly? Day, long Version)> LastScheduledAsync(CancellationToken ct)
    {
        var slice = await store.ReadStreamAsync(Stream, ct);
        var last = slice.Events.Select(e => EventCodec.Decode<RequestDeadlinesEvent>(e.Type, e.Data)).OfType<RequestDeadlinesEvent.Ran>()
            .LastOrDefault(r => r.Trigger != "operator");
        return (last is null ? null : DateOnly.ParseExact(last.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture), slice.Version);
    }

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    public async Task<RequestDeadlinesRun> RunAsync(string trigger, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await requests.DueBeforeAsync(now + Soon, ct);
        var lines = new List<string>();
        var (mailed, noContact, failed) = (0, 0, 0);
        foreach (var group in due.GroupBy(d => d.Tenant, d => d.Request))
        {
            var overdue = group.Where(r => r.DueAt < now).ToList();
            var soon = group.Where(r => r.DueAt >= now).ToList();
            lines.AddRange(overdue.Select(r => $"{group.Key}: request {r.Id} ({r.Type}) was due {r.DueAt:O}"));
            lines.AddRange(soon.Select(r => $"{group.Key}: request {r.Id} ({r.Type}) is due {r.DueAt:O}"));
            switch (await TellAsync(group.Key, overdue, soon, DayOf(now), ct))
            {
                case Told.Mailed: mailed++; break;
                case Told.NoContact: noContact++; lines.Add($"{group.Key}: no privacyContactEmail in the tenant: nobody was mailed"); break;
                default: failed++; lines.Add($"{group.Key}: the message to the privacy contact could not be sent"); break;
            }
        }
        var overdueCount = due.Count(d => d.Request.DueAt < now);
        lines.Insert(0, $"Request deadlines run at {now:O} ({trigger}): {overdueCount} open request(s) past their deadline, {due.Count - overdueCount} due within 7 days; " +
            $"{mailed} privacy contact(s) mailed, {noContact} tenant(s) without one, {failed} failed.");
        foreach (var line in lines) logger.LogInformation("{Line}", line);
        var ran = new RequestDeadlinesEvent.Ran(trigger, DayOf(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), due.Count - overdueCount, overdueCount,
            mailed, noContact, failed, new EventMeta($"run:{now:O}", trigger, now, "request-deadlines"));
        await RecordAsync(ran, ct);
        return new RequestDeadlinesRun(ran, lines);
    }

    private enum Told { Mailed, NoContact, Failed }

    private async Task<Told> TellAsync(string tenant, List<RequestView> overdue, List<RequestView> soon, DateOnly day, CancellationToken ct)
    {
        await source.EnsureAsync(tenant, refresh: false, ct);
        if (registry.Find(tenant)?.Catalog.Definition is not { } definition || definition.PrivacyContactEmail is not { } contact) return Told.NoContact;
        var message = RequestDeadlineReminder.Compose(definition, contact, overdue, soon);
        var deliveryId = $"request-deadlines:{tenant}:{day:yyyy-MM-dd}";
        try
        {
            var apiKey = await tenants.OpenSecretAsync(tenant, definition.Sendgrid?.ApiKey, ct);
            if (apiKey is not null && definition.Sendgrid?.FromEmail is { } from)
                return await sendGrid.SendAsync(apiKey, from, definition.Name, message, deliveryId, ct) is Propagation.DeliveryResult.Accepted ? Told.Mailed : Told.Failed;
            await outbox.AppendAsync("email.jsonl", new OutboxEmail(clock.GetUtcNow(), tenant, message.To, message.Subject, message.Text, message.Html, message.Headers,
                message.Kind, deliveryId), ct);
            return Told.Mailed;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError("The request deadline message of tenant {Tenant} was not sent: {Message}", tenant, ex.Message);
            return Told.Failed;
        }
    }

    private async Task RecordAsync(RequestDeadlinesEvent.Ran ran, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var version = (await store.ReadStreamAsync(Stream, ct)).Version;
            var (type, data) = EventCodec.Encode(ran);
            var id = EventIds.For(Stream, ran.Meta.RequestId, 0);
            if (await store.AppendAsync(Stream, version, [new EventData(id, type, data, ran.Meta.At)], ct) is AppendResult.Ok) return;
        }
        logger.LogWarning("The request deadline run of {At} was not recorded: its stream kept changing", ran.Meta.At);
    }
}
