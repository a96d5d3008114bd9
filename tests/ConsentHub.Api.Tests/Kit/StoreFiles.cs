using System.Text;

namespace ConsentHub.Api.Tests.Kit;

/// The bytes of the hub's SQLite file and its WAL, as anyone with the disk would see them.
public static class StoreFiles
{
    public static async Task<byte[]> ReadAllBytesAsync(string dataDir)
    {
        using var all = new MemoryStream();
        foreach (var path in Directory.GetFiles(dataDir, "consenthub.db*"))
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            await file.CopyToAsync(all);
        }
        return all.ToArray();
    }

    public static bool Contains(byte[] haystack, string text) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;
}
