using System.Text;
using ConsentHub.Contracts.Api;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Requests;

/// GDPR art. 15 and 20: everything the hub holds on a subject, as JSON valid against the published schema
/// (`?format=json`, the default) or as a spreadsheet a person can take elsewhere (`?format=csv`). An erased subject's
/// export still answers: its statements without personal data, and what went and what a legal hold keeps until when,
/// never the held data itself.
public static class ExportEndpoints
{
    internal static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/{tenant}/subjects/{subjectId}/export", Export).WithTags("Requests").RequireScope(Scopes.Dsr);
        return app;
    }

    private static async Task<Results<Ok<SubjectExport>, FileContentHttpResult, ProblemHttpResult>> Export(string tenant, string subjectId, string? format,
        LedgerService ledger, PreferencesView view, HistoryReader history, ExportSections sections, PropagationViews propagations, RequestViews requests,
        Sealer sealer, TimeProvider clock, CancellationToken ct)
    {
        if (Ids.Problem(subjectId) is { } problem) return Problems.Validation("subjectId", problem);
        if (format is not (null or "json" or "csv")) return Problems.Validation("format", "must be json (the default) or csv");
        if (await SubjectStates.LoadAsync(ledger, tenant, subjectId, ct) is not { } found) return Problems.NotFound($"No subject '{subjectId}' in this tenant.");
        var (subject, contactStates) = found;
        var (statements, erasure) = await sections.StatementsAsync(StreamId.Subject(tenant, subjectId), null, ct);
        var contacts = new List<ContactPointExport>();
        foreach (var contact in contactStates)
        {
            var stream = StreamId.Contact(tenant, contact.Identity!.Contact.Hash);
            var clear = (await sealer.OpenerAsync(stream, ct))(contact.Identity.Contact.Value);
            contacts.Add(new ContactPointExport(clear, (await history.ReadAsync(stream, ct)).Events));
            statements.AddRange((await sections.StatementsAsync(stream, clear, ct)).Statements);
        }
        var receipts = new List<BannerReceiptExport>();
        foreach (var visitor in subject.Visitors) receipts.AddRange(await sections.ReceiptsAsync(tenant, visitor, ct));
        var export = new SubjectExport(SubjectExport.SchemaV1, "1", subjectId, clock.GetUtcNow(), erasure, await view.BuildAsync(tenant, subjectId, subject, ct),
            [.. statements.OrderBy(s => s.At)], [.. receipts.OrderBy(r => r.At)],
            [.. (await propagations.ListAsync(tenant, ct)).Where(p => p.SubjectId == subjectId).OrderBy(p => p.StartedAt)],
            [.. (await requests.ListAsync(tenant, ct)).Where(r => r.SubjectId == subjectId).OrderBy(r => r.ReceivedAt)],
            (await history.ReadAsync(StreamId.Subject(tenant, subjectId), ct)).Events, contacts);
        if (format != "csv") return TypedResults.Ok(export);
        // UTF-8 with a byte order mark: without it Excel reads ä and ö as two characters each.
        var csv = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ExportCsv.Write(export))).ToArray();
        return TypedResults.File(csv, "text/csv; charset=utf-8", $"consenthub-export-{subjectId}.csv");
    }
}
