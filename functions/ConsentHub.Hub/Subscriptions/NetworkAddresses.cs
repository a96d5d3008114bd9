using System.Net;
using System.Net.Sockets;

namespace ConsentHub.Hub.Subscriptions;

/// Which addresses a CRM webhook may reach without an operator's allowance: only globally routable unicast ones,
/// so a subscription cannot be aimed at the hub's own host, its cloud metadata service or its private network.
public static class NetworkAddresses
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    private static bool IsPublicV4(byte[] b) => b[0] switch
    {
        0 => false,                                    // "this network", including the unspecified 0.0.0.0
        10 => false,                                   // private
        100 when (b[1] & 0xC0) == 64 => false,         // 100.64.0.0/10 carrier-grade NAT
        127 => false,                                  // loopback
        169 when b[1] == 254 => false,                 // link-local, cloud metadata services
        172 when (b[1] & 0xF0) == 16 => false,         // private
        192 when b[1] == 168 => false,                 // private
        192 when b[1] == 0 && b[2] == 0 => false,      // IETF protocol assignments
        198 when (b[1] & 0xFE) == 18 => false,         // benchmarking
        >= 224 => false,                               // multicast, reserved, broadcast
        _ => true,
    };

    private static bool IsPublicV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return false;
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) return false;   // ::, ::1 and the IPv4-compatible ::/96
        // Prefixes that carry an IPv4 address: judge the address they lead to.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return IsPublicV4(b[12..16]);   // NAT64 64:ff9b::/96
        if (b[0] == 0x20 && b[1] == 0x02) return IsPublicV4(b[2..6]);                                       // 6to4 2002::/16
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) return false;                     // Teredo 2001::/32
        return true;
    }
}
