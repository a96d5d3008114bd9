using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Links;

public static class LinkKinds
{
    public const string Unsubscribe = "u";
    public const string Confirm = "c";
    public const string Preferences = "p";
}

/// What a link token says: what it does, for whom (an e-mail or a subject) and in which tenant, on which list or
/// purpose, in which language, issued when.
/// `Language` null: the page follows the browser (Accept-Language), else the tenant's default.
/// `Mailed`: the hub itself mailed this link to the person's address when asked from a link page; while fresh it is
/// the proof of the mailbox that opting in needs (see LinkTokens.ProvesMailbox).
public sealed record LinkClaims(string Kind, string Tenant, string? Email, string? SubjectId, string? ListId, string? Purpose, string? Language,
    DateTimeOffset IssuedAt, bool Mailed = false);

public abstract record TokenRead
{
    private TokenRead() { }
    public sealed record Valid(LinkClaims Claims, string TokenId) : TokenRead;
    public sealed record Invalid : TokenRead;
    public sealed record Expired(LinkClaims Claims) : TokenRead;
}

/// Link tokens: `base64url(payload).base64url(HMAC-SHA256)` with a key derived from the hub's LinkKey. The payload
/// binds tenant, person, list or purpose, language and issue time; the e-mail address inside it is encrypted
/// (AES-GCM, deterministic per tenant and address) so that a URL in a log reveals no address.
public sealed class LinkTokens(HubSecrets secrets)
{
    /// How long a link works: unsubscribe links for as long as mails carrying them are read (RFC 8058), the others a while.
    public static TimeSpan? Lifetime(string kind) => kind switch
    {
        LinkKinds.Confirm => TimeSpan.FromDays(30),
        LinkKinds.Preferences => TimeSpan.FromDays(90),
        _ => null,
    };

    /// How long a preference link the hub mailed on request proves the mailbox: long enough to open the mail, short
    /// enough that a forwarded or leaked copy soon can only opt out again.
    public static readonly TimeSpan MailedProofLifetime = TimeSpan.FromHours(1);

    public static bool ProvesMailbox(LinkClaims claims, DateTimeOffset now) =>
        claims.Mailed && claims.IssuedAt <= now + TimeSpan.FromMinutes(5) && now - claims.IssuedAt <= MailedProofLifetime;

    private readonly byte[] _signKey = Derive(secrets.LinkKey, "link-token-signature");
    private readonly byte[] _encryptKey = Derive(secrets.LinkKey, "link-token-contact-encryption");
    private readonly byte[] _nonceKey = Derive(secrets.LinkKey, "link-token-contact-nonce");

    public string Issue(LinkClaims claims)
    {
        var payload = new Payload(claims.Kind, claims.Tenant, claims.Email is null ? null : Encrypt(claims.Tenant, claims.Email), claims.SubjectId,
            claims.ListId, claims.Purpose, claims.Language, claims.IssuedAt.ToUnixTimeSeconds(), claims.Mailed ? true : null);
        var body = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload));
        return body + "." + Base64Url.EncodeToString(Sign(body));
    }

    /// A token of the given kind, checked: shape first (exactly as issued: base64url without padding or whitespace),
    /// then signature, then content; `now` decides expiry.
    public TokenRead Read(string? token, string kind, DateTimeOffset now)
    {
        if (token is null || token.Length > 2000 || token.Split('.') is not [var body, var mac] || !Canonical(body) || !Canonical(mac)) return new TokenRead.Invalid();
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(Base64Url.DecodeFromChars(mac), Sign(body))) return new TokenRead.Invalid();
            var p = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(body));
            if (p is null || p.K != kind || !Ids.IsValid(p.T) || (p.E is null) == (p.S is null) || (p.G is not null && !Domain.Catalog.Languages.Supported.Contains(p.G)))
                return new TokenRead.Invalid();
            var claims = new LinkClaims(p.K, p.T, p.E is null ? null : Decrypt(p.T, p.E), p.S, p.L, p.P, p.G, DateTimeOffset.FromUnixTimeSeconds(p.I), p.M == true);
            if (Lifetime(kind) is { } life && claims.IssuedAt + life < now) return new TokenRead.Expired(claims);
            return new TokenRead.Valid(claims, IdOf(token));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or CryptographicException or ArgumentException)
        {
            return new TokenRead.Invalid();
        }
    }

    // The decoder skips whitespace and padding and ignores unused trailing bits, so that many spellings of one token
    // would all be accepted (each with its own id): only the one spelling the hub issues is.
    private static bool Canonical(string part)
    {
        if (part.Length == 0 || part.Length % 4 == 1) return false;
        foreach (var c in part)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        try
        {
            return Base64Url.EncodeToString(Base64Url.DecodeFromChars(part)) == part;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// A stable id of a token (for request ids derived from a click).
    public static string IdOf(string token) => Hashes.Sha256Hex(token)[..32];

    private byte[] Sign(string body) => HMACSHA256.HashData(_signKey, Encoding.ASCII.GetBytes("consenthub-link-v1." + body));

    private string Encrypt(string tenant, string email)
    {
        var plain = Encoding.UTF8.GetBytes(email);
        var output = new byte[12 + plain.Length + 16];
        HMACSHA256.HashData(_nonceKey, Encoding.UTF8.GetBytes(tenant + "\n" + email)).AsSpan(0, 12).CopyTo(output);
        using var aes = new AesGcm(_encryptKey, 16);
        aes.Encrypt(output.AsSpan(0, 12), plain, output.AsSpan(12, plain.Length), output.AsSpan(12 + plain.Length), Encoding.UTF8.GetBytes(tenant));
        return Base64Url.EncodeToString(output);
    }

    private string Decrypt(string tenant, string sealedEmail)
    {
        var bytes = Base64Url.DecodeFromChars(sealedEmail);
        if (bytes.Length < 29) throw new CryptographicException("short");
        var plain = new byte[bytes.Length - 28];
        using var aes = new AesGcm(_encryptKey, 16);
        aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(12, plain.Length), bytes.AsSpan(12 + plain.Length), plain, Encoding.UTF8.GetBytes(tenant));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] Derive(byte[] key, string label) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(label));

    // Short member names keep links short. Stored nowhere: a token is only ever read back by this class.
    private sealed record Payload(
        [property: JsonPropertyName("k")] string K, [property: JsonPropertyName("t")] string T, [property: JsonPropertyName("e")] string? E,
        [property: JsonPropertyName("s")] string? S, [property: JsonPropertyName("l")] string? L, [property: JsonPropertyName("p")] string? P,
        [property: JsonPropertyName("g")] string? G, [property: JsonPropertyName("i")] long I,
        [property: JsonPropertyName("m"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? M = null);
}
