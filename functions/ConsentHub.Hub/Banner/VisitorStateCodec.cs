using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Banner;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.Banner;

/// A visitor's stream state in a snapshot. NB: stored format: add members, never rename them (bump Schema otherwise).
public sealed class VisitorStateCodec : IStateCodec<VisitorState>
{
    public static readonly VisitorStateCodec Instance = new();

    public string Type => "visitor";

    public int Schema => 1;

    private sealed record Form(long Version, VisitorEvent.CookiesRecorded? Choice, long ChoiceVersion, string? SubjectId);

    public string Encode(VisitorState state) => StateSnapshotJson.Encode(
        JsonSerializer.SerializeToElement(new Form(state.Version, state.Choice, state.ChoiceVersion, state.SubjectId), Json.Options), state.Requests);

    public VisitorState Decode(string state) => StateSnapshotJson.Decode(state, (element, requests) =>
    {
        var form = element.Deserialize<Form>(Json.Options) ?? throw new JsonException("no visitor state");
        return VisitorState.Initial with { Version = form.Version, Choice = form.Choice, ChoiceVersion = form.ChoiceVersion, SubjectId = form.SubjectId, Requests = requests };
    });

    public long VersionOf(VisitorState state) => state.Version;
}
