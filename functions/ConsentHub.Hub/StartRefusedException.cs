namespace ConsentHub.Hub;

/// Why the hub will not start (a database file, a secret, a setting), said in one line that names the cause and the fix.
public sealed class StartRefusedException(string message, Exception? inner = null) : Exception(message, inner);

/// How either host starts: a refusal ends the process with its one line on stderr and exit code 1, since a stack trace
/// would bury the cause and the fix.
public static class HubStart
{
    public static async Task<int> RunAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (StartRefusedException refused)
        {
            Console.Error.WriteLine(refused.Message);
            return 1;
        }
    }
}
