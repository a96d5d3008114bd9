using ConsentHub.Hub.Propagation;

namespace ConsentHub.Hub.Messages;

/// A message the hub itself sends to a person (double opt-in confirmation, opt-out confirmation).
/// `Channel` is `email` or `sms`; links in it are absolute. `Kind` names it in logs and the outbox.
public sealed record HubMessage(
    string Channel,
    string To,
    string? Subject,
    string Text,
    string? Html,
    IReadOnlyDictionary<string, string> Headers,
    string Kind);

/// The messages a slice sends because of a change; the e-mail and SMS targets deliver them durably.
public interface IChangeMessages
{
    IEnumerable<HubMessage> For(ChangeContext change);

    /// Whether a change of this kind could cause a message (For answers some), judged before it is read, as
    /// IPropagationTarget.MayCare: the e-mail and SMS targets care about what their messages care about.
    bool MayCare(ChangeHead head);
}
