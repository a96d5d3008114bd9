using System.Security.Cryptography;
using System.Text;

namespace ConsentHub.Hub.Security;

public static class Hashes
{
    /// Lower-case hex SHA-256 of a text's UTF-8 bytes: wording shown to people, keys, request fingerprints.
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
