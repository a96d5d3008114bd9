using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests;

/// A start-up loads views and reads no history: the one look through the events a folder needs (for erasures from
/// before tombstones) is made at its first start only, not at every start, where its cost would grow with the history.
public sealed class StartupHistoryScanTests
{
    [Fact]
    public async Task Only_the_first_start_of_a_folder_looks_through_its_events_for_earlier_erasures()
    {
        var dir = TestHub.NewDataDir();
        await using (var hub = await TestHub.StartAsync(dir))
        {
            Assert.True(hub.Services.GetRequiredService<SqliteDatabase>().LookedForEarlierErasures);
            using var tenant = await hub.CreateTenantAsync("kerran");
            (await tenant.Client.PutAsync("/api/v1/kerran/subjects/p1/contact-points", Http.JsonBody("""{"emails":["kerran@example.fi"]}"""))).EnsureSuccessStatusCode();
        }

        await using var again = await TestHub.StartAsync(dir);
        Assert.False(again.Services.GetRequiredService<SqliteDatabase>().LookedForEarlierErasures);
        Assert.Equal(0, again.Services.GetRequiredService<SqliteViewFeed>().EventsRead);
    }
}
