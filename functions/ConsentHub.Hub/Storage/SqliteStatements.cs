using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Hub.Storage;

/// Commands prepared once per connection and reused, for the store's writer connection, which runs every write of
/// the process one after another: SQLite parses and plans a statement when it is prepared, and that was a large part
/// of each write's cost when every insert made a new command. Only for a connection one thread uses at a time; the
/// commands are the connection's, so callers do not dispose them.
public static class SqliteStatements
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Prepared = [];

    /// The connection's command for `sql`, in `transaction`, with no parameters bound yet.
    public static SqliteCommand For(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var commands = Prepared.GetValue(connection, _ => []);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }
        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    /// As For, with `$tenant` and `$stream` bound to the stream.
    public static SqliteCommand ForStream(SqliteConnection connection, SqliteTransaction? transaction, Domain.Storage.StreamId stream, string sql)
    {
        var command = For(connection, transaction, sql);
        command.Parameters.AddWithValue("$tenant", stream.Tenant);
        command.Parameters.AddWithValue("$stream", stream.Name);
        return command;
    }

    public static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql) => For(connection, transaction, sql).ExecuteNonQuery();
}
