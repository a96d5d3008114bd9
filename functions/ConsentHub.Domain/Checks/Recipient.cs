using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Validation;

namespace ConsentHub.Domain.Checks;

/// A recipient of a check: an e-mail address, a phone number, `push:{device token}` or `subject:{id}`.
public abstract record Recipient
{
    private Recipient() { }

    public const string SubjectPrefix = "subject:";

    public sealed record Contact(ContactPoint Point) : Recipient;
    public sealed record Subject(string SubjectId) : Recipient;
    public sealed record Invalid : Recipient;

    public static Recipient Parse(string? raw) =>
        raw is null ? new Invalid()
        : raw.StartsWith(SubjectPrefix, StringComparison.Ordinal)
            ? Ids.IsValid(raw[SubjectPrefix.Length..]) ? new Subject(raw[SubjectPrefix.Length..]) : new Invalid()
        : raw.StartsWith(PushToken.Prefix, StringComparison.Ordinal)
            ? PushToken.Normalize(raw[PushToken.Prefix.Length..]) is { } token ? new Contact(new(ContactKind.Push, token)) : new Invalid()
        : ContactPoint.TryParse(raw, out var point) ? new Contact(point) : new Invalid();

    /// E-mail fits `email`; a phone fits `sms` and `phone`; a device token fits `push`; a subject fits any channel.
    public bool Fits(string channel) => this switch
    {
        Subject => true,
        Contact { Point.Kind: ContactKind.Email } => channel == Channels.Email,
        Contact { Point.Kind: ContactKind.Phone } => channel is Channels.Sms or Channels.Phone,
        Contact { Point.Kind: ContactKind.Push } => channel == Channels.Push,
        _ => false,
    };
}
