using System.Net;
using System.Net.Sockets;
using ConsentHub.Hub.Webhooks;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Subscriptions;

/// A push to a CRM is a request the hub makes on a tenant's say-so, so where it may go is checked twice (SSRF):
/// when the subscription is made, and again on every connection, against the addresses actually connected to,
/// so a host that later resolves elsewhere (DNS rebinding) reaches nothing internal either.
public sealed class WebhookUrlPolicy(IOptions<WebhookOptions> options, IHostEnvironment environment)
{
    public const int MaxUrlLength = 2000;

    public bool RequireHttps => options.Value.RequireHttps ?? environment.IsProduction();

    /// Null when the URL may receive pushes; otherwise why not, as the message of the `url` field of a 400.
    public async Task<string?> ProblemAsync(string? url, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url)) return "is required";
        if (url.Length > MaxUrlLength) return $"must be at most {MaxUrlLength} characters";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.IdnHost.Length == 0)
            return "must be an absolute http or https URL";
        if (RequireHttps && uri.Scheme != "https") return "must use https";
        if (uri.UserInfo.Length > 0) return "must not carry a user name or password";
        if (uri.Fragment.Length > 0) return "must not have a fragment";
        if (MayReachAnything(uri.IdnHost)) return null;
        var addresses = await ResolveAsync(uri.IdnHost, ct);
        if (addresses.Length == 0) return "names a host that does not resolve";
        return addresses.All(NetworkAddresses.IsPublic) ? null
            : "resolves to a private, loopback, link-local or otherwise internal address, which the hub's operator has not allowed";
    }

    /// SocketsHttpHandler.ConnectCallback: connects only to addresses the policy allows.
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        // A failed lookup throws here, and counts as a connection error (retried), not as a refusal.
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var permitted = MayReachAnything(host) ? addresses : [.. addresses.Where(NetworkAddresses.IsPublic)];
        if (permitted.Length == 0) throw new WebhookAddressRefusedException(host);
        SocketException? last = null;
        foreach (var address in permitted)
        {
            Socket? socket = new(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.NoDelay = true;
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                var stream = new NetworkStream(socket, ownsSocket: true);
                socket = null;   // the stream owns it now
                return stream;
            }
            catch (SocketException ex)
            {
                last = ex;   // try the next address
            }
            finally
            {
                socket?.Dispose();
            }
        }
        throw last!;
    }

    private bool MayReachAnything(string host) =>
        options.Value.AllowPrivateNetworks
        || options.Value.AllowedHosts.Any(allowed => string.Equals(allowed.Trim().TrimEnd('.').Trim('[', ']'), host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var literal)) return [literal];
        try
        {
            return await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}

/// A connection refused by the webhook address policy: retrying cannot help until the operator allows it.
public sealed class WebhookAddressRefusedException(string host)
    : Exception($"'{host}' resolves to no address the webhook policy allows (private, loopback, link-local or otherwise internal)");
