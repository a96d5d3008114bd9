using System.Net;
using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// The answer to linking a visitor to a subject is a contract record now; its JSON is what callers have always read.
public sealed class VisitorLinkAnswerTests
{
    [Fact]
    public async Task Linking_a_visitor_answers_exactly_the_visitor_and_the_subject()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync(Tenant("link-answer"));
        using var link = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/subjects/crm-1/visitors", new { visitorId = "visitor-1" });
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        Assert.Equal("""{"visitorId":"visitor-1","subjectId":"crm-1"}""", await link.Content.ReadAsStringAsync());
    }
}
