using System.Security.Cryptography;
using System.Text.Json;

namespace ConsentHub.Functions.Security;

/// The hub's own secrets: the master key that wraps stream keys, the key of contact-point hashes and the
/// key that signs link tokens. Configuration supplies them (in Azure: Key Vault references); otherwise they
/// are generated on first start and kept in `{DataDir}/secrets.json`.
public sealed record HubSecrets(byte[] MasterKey, byte[] HashKey, byte[] LinkKey)
{
    public static HubSecrets Load(IConfiguration configuration, string dataDir)
    {
        var section = configuration.GetSection("ConsentHub:Secrets");
        if (section["MasterKey"] is { } master && section["HashKey"] is { } hash && section["LinkKey"] is { } link)
            return new(Decode(master, "MasterKey"), Decode(hash, "HashKey"), Decode(link, "LinkKey"));

        var path = Path.Combine(dataDir, "secrets.json");
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!;
            return new(Decode(stored["masterKey"], "masterKey"), Decode(stored["hashKey"], "hashKey"), Decode(stored["linkKey"], "linkKey"));
        }
        var secrets = new HubSecrets(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(dataDir);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["masterKey"] = Convert.ToBase64String(secrets.MasterKey),
            ["hashKey"] = Convert.ToBase64String(secrets.HashKey),
            ["linkKey"] = Convert.ToBase64String(secrets.LinkKey),
        }));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path);
        return secrets;
    }

    private static byte[] Decode(string base64, string name)
    {
        var bytes = Convert.FromBase64String(base64);
        return bytes.Length == 32 ? bytes : throw new InvalidOperationException($"ConsentHub secret {name} must be 32 bytes, base64");
    }
}
