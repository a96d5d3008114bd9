using ConsentHub.Domain.Catalog;

namespace ConsentHub.Domain.Ledger;

/// A double opt-in request mails the address, so anyone who knows an address could have it mailed: at most one
/// confirmation per address and list while one is pending, and none to an address that said no to direct marketing
/// by e-mail or was erased. The caller's answer is the same in every case (202), so it tells a prober nothing.
public static class ConfirmationMail
{
    public static readonly TimeSpan PendingWindow = TimeSpan.FromHours(24);

    /// Whether a stream speaking for the address forbids mailing it.
    public static bool Forbids(PartyState state) =>
        state.Erased || state.Objects(ObjectionScopes.DirectMarketing, Channels.Email);

    /// Whether a confirmation for the list went out less than `PendingWindow` ago and is still unanswered.
    public static bool StillPending(PartyState state, string listId, DateTimeOffset at) =>
        state.Newsletters.GetValueOrDefault(listId) is { Status: NewsletterStatus.Pending } pending && at - pending.Since < PendingWindow;

    /// Whether a subscription that asks for confirmation should record nothing (and so mail nothing).
    public static bool Withheld(LedgerCommand.Subscribe subscribe, PartyState state) =>
        !subscribe.Confirmed && (subscribe.ForbiddenElsewhere || Forbids(state) || StillPending(state, subscribe.ListId, subscribe.Meta.At));
}
