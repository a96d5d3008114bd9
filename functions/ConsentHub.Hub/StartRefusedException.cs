namespace ConsentHub.Hub;

/// Why the hub will not start (a database file, a secret, a setting), said in one line that names the cause and the fix.
public sealed class StartRefusedException(string message, Exception? inner = null) : Exception(message, inner);
