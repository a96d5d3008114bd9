namespace ConsentHub.Hub.Security;

/// What the hub creates in its data folder is its owner's alone: folders 0700, files 0600, whatever the umask says.
/// The folder holds personal data (sealed or in the outbox) and, where the operator allows it, the secrets.
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// Creates the folder (and missing parents) as 0700; a folder that exists already keeps its mode (it may be the operator's).
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, FolderMode);
    }

    /// Narrows an existing file of the hub's own to 0600 (files written by earlier versions were left to the umask).
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path) && File.GetUnixFileMode(path) != FileMode) File.SetUnixFileMode(path, FileMode);
    }

    /// Options that create a file as 0600.
    public static FileStreamOptions Options(System.IO.FileMode mode, FileAccess access, FileShare share = FileShare.Read)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows() && mode != System.IO.FileMode.Open) options.UnixCreateMode = FileMode;
        return options;
    }
}
