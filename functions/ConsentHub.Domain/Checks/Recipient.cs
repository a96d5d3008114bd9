using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Validation;

namespace ConsentHub.Domain.Checks;

/// A recipient of a check: an e-mail address, a phone number or `subject:{id}`.
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
        : ContactPoint.TryParse(raw, out var point) ? new Contact(point) : new Invalid();

    /// E-mail fits `email`; a phone fits `sms` and `phone`; a subject fits any channel.
    public bool Fits(string channel) => this switch
    {
        Subject => true,
        Contact { Point.Kind: ContactKind.Email } => channel == Channels.Email,
        Contact { Point.Kind: ContactKind.Phone } => channel is Channels.Sms or Channels.Phone,
        _ => false,
    };
}
