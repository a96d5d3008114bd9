using System.Net;
using ConsentHub.Api.Tests.Kit;
using Microsoft.Data.Sqlite;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// A data folder from before tombstones existed: its erasures get their tombstones at the next start, so a later
/// write to such a subject still makes no new key.
public sealed class ErasureTombstoneBackfillTests
{
    [Fact]
    public async Task Subjects_erased_before_tombstones_existed_get_them_at_start_and_a_later_write_makes_no_key()
    {
        var dir = TestHub.NewDataDir();
        string key;
        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var t = await hub.CreateTenantAsync(Tenant("backfill"));
            key = t.ApiKey;
            (await t.Client.PutAsync("/api/v1/backfill/subjects/s1/contact-points", Http.JsonBody("""{"emails":["vanha@example.fi"]}"""))).EnsureSuccessStatusCode();
            (await t.Client.DeleteAsync("/api/v1/backfill/subjects/s1")).EnsureSuccessStatusCode();
        }
        ForgetTombstones(dir);   // as the folder was before tombstones existed

        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var client = hub.Client(key);
            using var write = await client.PutAsync("/api/v1/backfill/subjects/s1/contact-points", Http.JsonBody("""{"emails":["vanha@example.fi"]}"""));
            Assert.Equal(HttpStatusCode.Gone, write.StatusCode);
            Assert.DoesNotContain("subject-s1", StoreRows.WrappedKeys(dir, "backfill").Keys);
        }
    }

    private static void ForgetTombstones(string dir)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "consenthub.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM erased_streams; DELETE FROM checkpoints WHERE name = 'migration:tombstones';";
        Assert.True(command.ExecuteNonQuery() > 0, "the first start wrote no tombstone: the test would prove nothing");
    }
}
