using System.Net;

namespace ConsentHub.Hub.FunctionsHost;

/// Tells the Functions host's own invocations from anything else. Read from the host's source
/// (Azure/azure-functions-host, Workers/Http/DefaultHttpWorkerService.cs and HttpScriptInvocationContextExtensions.cs):
/// a trigger invocation is a fresh POST to `http://127.0.0.1:{port}/{FunctionName}` carrying a JSON body and only
/// the headers the host adds (X-Azure-Functions-HostVersion, X-Azure-Functions-InvocationId, User-Agent
/// Azure-Functions-Host/…); a forwarded HTTP request instead copies every header of the public request, Host
/// included, and the host then appends its own, so a caller's own invocation id makes two.
public static class HostCalls
{
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    /// Only what the host itself can have sent: loopback Host, exactly one invocation id, no proxy or browser marks.
    public static bool FromHost(HttpRequest request) =>
        IPAddress.TryParse(request.Host.Host, out var address) && IPAddress.IsLoopback(address)
        && request.Headers[InvocationIdHeader] is [{ } id] && Guid.TryParse(id, out _)
        && !request.Headers.ContainsKey("Forwarded") && !request.Headers.ContainsKey("X-Forwarded-For")
        && !request.Headers.ContainsKey("Cookie") && !request.Headers.ContainsKey("Origin");
}
