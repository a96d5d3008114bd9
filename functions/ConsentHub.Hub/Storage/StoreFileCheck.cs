using Microsoft.Data.Sqlite;

namespace ConsentHub.Hub.Storage;

public static class StoreFileCheck
{
    public const int Busy = 5, Locked = 6, Corrupt = 11, NotADatabase = 26;

    public static bool IsLocked(SqliteException ex) => ex.SqliteErrorCode is Busy or Locked;

    /// An empty database beside the secrets of an earlier start is a store that lost its data, not a new one:
    /// starting on it would answer as if nobody had ever consented or objected.
    public static void RefuseEmptyBesideSecrets(string path)
    {
        var secrets = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "secrets.json");
        if (File.Exists(path) && new FileInfo(path).Length == 0 && File.Exists(secrets))
            throw new StartRefusedException($"ConsentHub will not start: {Path.GetFullPath(path)} is empty, but {secrets} shows this folder held a store. " +
                "Restore the database from a backup; to start anew on purpose, remove both files.");
    }

    public static StartRefusedException NotUsable(string path, SqliteException ex) =>
        new($"ConsentHub will not start: {Path.GetFullPath(path)} is not a usable SQLite database ({ex.Message.ReplaceLineEndings(" ")}). " +
            "Restore it from a backup, or move it away to start with an empty store.", ex);
}
