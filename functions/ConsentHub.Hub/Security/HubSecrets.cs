using System.Security.Cryptography;
using System.Text.Json;

namespace ConsentHub.Hub.Security;

/// The hub's own secrets: the master key that wraps stream keys, the key of contact-point hashes and the
/// key that signs link tokens. Configuration supplies them (in Azure: Key Vault references). Otherwise, in Development
/// or where the operator allows it (`ConsentHub:Secrets:AllowDataDir`), they are generated on first start and kept in
/// `{DataDir}/secrets.json`: a master key beside the database it protects would undo erasure for anyone with the folder.
public sealed record HubSecrets(byte[] MasterKey, byte[] HashKey, byte[] LinkKey)
{
    public const string FileName = "secrets.json";

    public static HubSecrets Load(IConfiguration configuration, string dataDir, bool dataDirAllowed = true)
    {
        var section = configuration.GetSection("ConsentHub:Secrets");
        if (section["MasterKey"] is { } master && section["HashKey"] is { } hash && section["LinkKey"] is { } link)
            return new(Decode(master, "ConsentHub__Secrets__MasterKey"), Decode(hash, "ConsentHub__Secrets__HashKey"), Decode(link, "ConsentHub__Secrets__LinkKey"));

        var path = Path.Combine(dataDir, FileName);
        if (!dataDirAllowed)
            throw new StartRefusedException($"ConsentHub will not start: no ConsentHub__Secrets__MasterKey, …__HashKey and …__LinkKey are configured, and outside Development the hub does not keep its secrets in its data folder ({path}). " +
                "Give the three settings (32 bytes, base64; Key Vault references on Azure), or accept keys beside the data with ConsentHub__Secrets__AllowDataDir=true.");
        return File.Exists(path) ? Read(path) : Generate(dataDir, path);
    }

    private static HubSecrets Read(string path)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? throw new JsonException("null");
            return new(Decode(stored["masterKey"], "masterKey"), Decode(stored["hashKey"], "hashKey"), Decode(stored["linkKey"], "linkKey"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or StartRefusedException or ArgumentNullException)
        {
            throw new StartRefusedException($"ConsentHub will not start: {path} is not a valid secrets file (it needs masterKey, hashKey and linkKey, 32 bytes each, base64). " +
                "Restore it from a backup (data sealed with another master key stays unreadable), or give ConsentHub__Secrets__MasterKey, …__HashKey and …__LinkKey.");
        }
    }

    private static HubSecrets Generate(string dataDir, string path)
    {
        var secrets = new HubSecrets(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        PrivateFiles.CreateFolder(dataDir);
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, PrivateFiles.Options(FileMode.Create, FileAccess.Write, FileShare.None)))
        {
            JsonSerializer.Serialize(file, new Dictionary<string, string>
            {
                ["masterKey"] = Convert.ToBase64String(secrets.MasterKey),
                ["hashKey"] = Convert.ToBase64String(secrets.HashKey),
                ["linkKey"] = Convert.ToBase64String(secrets.LinkKey),
            });
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path);
        return secrets;
    }

    private static byte[] Decode(string? base64, string name)
    {
        try
        {
            if (Convert.FromBase64String(base64 ?? "") is { Length: 32 } bytes) return bytes;
        }
        catch (FormatException)
        {
            // answered below
        }
        throw new StartRefusedException($"ConsentHub will not start: the secret {name} is not 32 bytes in base64; generate one with `openssl rand -base64 32`.");
    }
}
