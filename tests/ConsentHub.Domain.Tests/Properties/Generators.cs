using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using FsCheck;
using FsCheck.Fluent;

namespace ConsentHub.Domain.Tests.Properties;

/// FsCheck generators for the ledger's events and commands.
public static class Generators
{
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Whole surrogate pairs only: a lone surrogate is not text a JSON request can carry.
    public static readonly Gen<string> Text =
        Gen.Elements("a", "Z", "0", "9", " ", "-", ":", ".", "@", "+", "ä", "ö", "å", "Å", "€", "\"", "\\", "/", "<", "&", "'", "\n", "\t", "\u0000", "🙂")
            .ListOf().Select(parts => string.Concat(parts));

    public static readonly Gen<string?> OptionalText = Text.Select(t => (string?)t).OrNull();

    public static readonly Gen<DateTimeOffset> Time =
        from seconds in Gen.Choose(0, 400_000_000)
        from ticks in Gen.Choose(0, 9_999_999)
        from offsetMinutes in Gen.Elements(0, 120, 180, -300, 330)
        select Epoch.AddSeconds(seconds).AddTicks(ticks).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    public static readonly Gen<Sealed?> OptionalSealed =
        Gen.OneOf(Gen.Constant<Sealed?>(null), Text.Select(t => (Sealed?)new Sealed(t)));

    public static readonly Gen<Evidence> Evidence =
        from text in OptionalText
        from ip in OptionalSealed
        from agent in OptionalSealed
        from recordedBy in OptionalSealed
        select new Evidence(text, ip, agent, recordedBy);

    public static readonly Gen<EventMeta> Meta =
        from id in Text
        from hash in Text
        from at in Time
        from source in OptionalText
        select new EventMeta(id, hash, at, source);

    public static readonly Gen<EquatableArray<ContactRef>> Contacts =
        (from hash in Text from value in Text select new ContactRef(hash, new Sealed(value)))
            .ArrayOf().Select(refs => new EquatableArray<ContactRef>(refs));

    private static readonly Gen<string> Purpose = Gen.Elements("market-research", "profiling", "direct-marketing");
    private static readonly Gen<string?> ConsentChannel = Gen.Elements<string?>(null, "email", "sms", "post");
    private static readonly Gen<string> Scope = Gen.Elements(ObjectionScopes.Known.ToArray());
    private static readonly Gen<string> ObjectionChannel = Gen.Elements("all", "email", "sms", "phone", "post");
    private static readonly Gen<string> List = Gen.Elements("weekly", "monthly");
    private static readonly Gen<string?> Language = Gen.Elements<string?>(null, "fi", "sv", "en");
    private static readonly Gen<bool> Flag = Gen.Elements(true, false);

    public static readonly Gen<LedgerEvent> Event = Gen.OneOf(
        from p in Purpose from c in ConsentChannel from v in OptionalText from e in Evidence from m in Meta select (LedgerEvent)new LedgerEvent.ConsentGranted(p, c, v, e, m),
        from p in Purpose from c in ConsentChannel from v in OptionalText from e in Evidence from m in Meta select (LedgerEvent)new LedgerEvent.ConsentWithdrawn(p, c, v, e, m),
        from s in Scope from c in ObjectionChannel from e in Evidence from m in Meta select (LedgerEvent)new LedgerEvent.ObjectionRecorded(s, c, e, m),
        from s in Scope from c in ObjectionChannel from e in Evidence from m in Meta select (LedgerEvent)new LedgerEvent.ObjectionLifted(s, c, e, m),
        from r in Flag from why in OptionalSealed from m in Meta select (LedgerEvent)new LedgerEvent.RestrictionChanged(r, why, m),
        from emails in Contacts from phones in Contacts from m in Meta select (LedgerEvent)new LedgerEvent.ContactPointsChanged(emails, phones, m),
        from k in Gen.Elements("email", "phone") from h in Text from v in Text from m in Meta select (LedgerEvent)new LedgerEvent.ContactIdentified(k, new ContactRef(h, new Sealed(v)), m),
        from l in List from lang in Language from c in Flag from e in Evidence from m in Meta select (LedgerEvent)new LedgerEvent.NewsletterSubscribed(l, lang, c, e, m),
        from l in List from e in Evidence from m in Meta select (LedgerEvent)new LedgerEvent.NewsletterConfirmed(l, e, m),
        from l in List from e in Evidence from m in Meta select (LedgerEvent)new LedgerEvent.NewsletterUnsubscribed(l, e, m),
        from v in Text from m in Meta select (LedgerEvent)new LedgerEvent.VisitorLinked(v, m),
        from lang in Language from e in Evidence from m in Meta select (LedgerEvent)new LedgerEvent.PreferenceLinkRequested(lang, e, m),
        Meta.Select(m => (LedgerEvent)new LedgerEvent.SubjectErased(m)),
        Meta.Select(m => (LedgerEvent)new LedgerEvent.AccountClosed(m.At.AddDays(-1), m)));

    /// Commands weighted towards statements; erasure is rare so that histories stay mostly alive.
    public static readonly Gen<LedgerCommand> Command = Gen.Frequency(
        (4, from p in Purpose from c in ConsentChannel from g in Flag from v in OptionalText from e in Evidence from m in Meta select (LedgerCommand)new LedgerCommand.RecordConsent(p, c, g, v, e, m)),
        (4, from s in Scope from c in ObjectionChannel from l in Flag from e in Evidence from m in Meta select (LedgerCommand)new LedgerCommand.RecordObjection(s, c, l, e, m)),
        (2, from r in Flag from why in OptionalSealed from m in Meta select (LedgerCommand)new LedgerCommand.SetRestriction(r, why, m)),
        (2, from emails in Contacts from phones in Contacts from m in Meta select (LedgerCommand)new LedgerCommand.ReplaceContactPoints(emails, phones, m)),
        (3, from l in List from lang in Language from c in Flag from e in Evidence from m in Meta select (LedgerCommand)new LedgerCommand.Subscribe(l, lang, c, e, m)),
        (2, from l in List from e in Evidence from m in Meta select (LedgerCommand)new LedgerCommand.ConfirmSubscription(l, e, m)),
        (2, from l in List from e in Evidence from m in Meta select (LedgerCommand)new LedgerCommand.Unsubscribe(l, e, m)),
        (1, from v in Text from m in Meta select (LedgerCommand)new LedgerCommand.LinkVisitor(v, m)),
        (1, Meta.Select(m => (LedgerCommand)new LedgerCommand.Erase(m))));
}
