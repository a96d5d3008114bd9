using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// What the hub creates in its data folder is readable by its own user only, whatever the umask.
public sealed class DataFolderModeTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Every_file_the_hub_creates_is_0600_and_every_folder_0700()
    {
        var parent = TestHub.NewDataDir();
        var dataDir = Path.Combine(parent, "data");   // a folder the hub creates itself
        await using (var hub = await TestHub.StartAsync(dataDir))
        {
            using var t = await hub.CreateTenantAsync(Tenant("modes"));
            (await t.Client.PutAsync("/api/v1/modes/subjects/s1/contact-points", Http.JsonBody("""{"emails":["tila@example.fi"],"phones":["040 700 0077"]}"""))).EnsureSuccessStatusCode();
            (await t.Client.PostJsonAsync("/api/v1/modes/subjects/s1/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
            await Eventually.HoldsAsync(() => Task.FromResult(Directory.Exists(Path.Combine(dataDir, "outbox")) ? Directory.GetFiles(Path.Combine(dataDir, "outbox")).Length : 0),
                n => n >= 2, what: "outbox files");
            (await t.Client.DeleteAsync("/api/v1/modes/subjects/s1")).EnsureSuccessStatusCode();   // rewrites the outbox files

            var files = Directory.GetFiles(dataDir, "*", SearchOption.AllDirectories);
            foreach (var expected in new[] { "consenthub.db", "consenthub.db-wal", "consenthub.db-shm", "secrets.json", Path.Combine("outbox", "email.jsonl") })
                Assert.Contains(Path.Combine(dataDir, expected), files);
            Assert.All(files, f => Assert.Equal((f, "600"), (f, Convert.ToString((int)File.GetUnixFileMode(f), 8))));
            Assert.All(Directory.GetDirectories(dataDir, "*", SearchOption.AllDirectories).Append(dataDir),
                d => Assert.Equal((d, "700"), (d, Convert.ToString((int)File.GetUnixFileMode(d), 8))));
        }
        Directory.Delete(parent, recursive: true);
    }
}
