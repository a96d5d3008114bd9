using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Newsletters;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// Link tokens are read exactly as issued (base64url without padding or whitespace, one spelling per token), and
/// bodies that cannot be read as the form they claim to be are the caller's error: 400, nothing recorded.
public sealed class LinkTokenStrictnessTests : IAsyncLifetime
{
    private TestHub Hub { get; set; } = null!;
    private TenantHandle Tenant { get; set; } = null!;
    private HttpClient Client => Tenant.Client;

    public async Task InitializeAsync()
    {
        Hub = await TestHub.StartAsync();
        Tenant = await Hub.CreateTenantAsync(PeopleKit.Tenant("strict"));
    }

    public async Task DisposeAsync()
    {
        Tenant.Dispose();
        await Hub.DisposeAsync();
    }

    private async Task<string> TokenAsync(string route, object body)
    {
        using var response = await Client.PostJsonAsync($"/api/v1/{Tenant.Id}/{route}", body);
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        var url = json.GetProperty("url").GetString()!;
        return url[(url.LastIndexOf('/') + 1)..];
    }

    /// Spellings the lenient decoder took for the same token: line breaks, spaces, padding, other unused bits.
    private static IEnumerable<string> Respelled(string token)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var mac = token[(token.IndexOf('.', StringComparison.Ordinal) + 1)..];
        Assert.Equal(43, mac.Length);   // 32 bytes: the last character carries two unused bits
        var sibling = Alphabet[Alphabet.IndexOf(mac[^1], StringComparison.Ordinal) ^ 1];
        yield return token[..12] + "%0A" + token[12..];
        yield return token[..12] + "%0D" + token[12..];
        yield return token[..12] + "%0D%0A" + token[12..];
        yield return token + "%0A";
        yield return token[..12] + "%20" + token[12..];
        yield return token + "=";
        yield return token.Replace(".", "=.", StringComparison.Ordinal) is var padded && padded != token ? padded : token + "==";
        yield return token[..^1] + sibling;
    }

    [Fact]
    public async Task Tokens_with_line_breaks_spaces_padding_or_another_spelling_are_400_on_every_link_route_and_record_nothing()
    {
        (await Client.PostJsonAsync($"/api/v1/{Tenant.Id}/newsletters/offers/subscriptions", new { email = "pia@example.fi" })).Dispose();
        var unsubscribe = await TokenAsync("unsubscribe-links", new { email = "pia@example.fi", listId = "offers" });
        var preferences = await TokenAsync("preference-links", new { email = "pia@example.fi" });
        (await Client.PostJsonAsync($"/api/v1/{Tenant.Id}/newsletters/weekly/subscriptions", new { email = "pia@example.fi" })).Dispose();
        var confirmation = await Hub.OutboxEmailAsync(Tenant.Id, "pia@example.fi", ConfirmationMessages.Kind);
        var confirm = confirmation.Text.Split('\n').Single(l => l.StartsWith(Hub.BaseAddress + "c/", StringComparison.Ordinal))[(Hub.BaseAddress + "c/").Length..];
        var before = await Hub.EventCountAsync(Tenant.Id);
        using var browser = Hub.Client();

        foreach (var (route, token) in new[] { ("u", unsubscribe), ("p", preferences), ("c", confirm) })
            foreach (var bad in Respelled(token))
            {
                var path = $"/{route}/{bad}";
                using var get = await browser.GetAsync(path);
                Assert.True(get.StatusCode == HttpStatusCode.BadRequest, $"GET {path}: {(int)get.StatusCode}");
                if (route == "c") continue;
                using var post = await browser.PostAsync(path, Form(("List-Unsubscribe", "One-Click"), ("action", "stop-all")));
                await post.AssertProblemAsync(400);
                using var send = await browser.PostAsync(path + "/send-link", null);
                Assert.True(send.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"POST {path}/send-link: {(int)send.StatusCode}");
            }

        Assert.Equal(before, await Hub.EventCountAsync(Tenant.Id));
        Assert.True((await Client.CheckAsync(Tenant.Id, "newsletter:offers", "email", "pia@example.fi"))[0].Allowed);
        Assert.True((await Client.CheckAsync(Tenant.Id, "direct-marketing", "email", "pia@example.fi"))[0].Allowed);
        Assert.False((await Client.CheckAsync(Tenant.Id, "newsletter:weekly", "email", "pia@example.fi"))[0].Allowed);   // still unconfirmed
        // The token as issued still works.
        using var ok = await browser.PostAsync($"/u/{unsubscribe}", Form(("List-Unsubscribe", "One-Click")));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    public static TheoryData<string, string> BrokenBodies() => new()
    {
        { "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nstop-all" },
        { "multipart/form-data; boundary=xyz", "no boundary anywhere in here" },
        { "multipart/form-data", "--xyz\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nstop-all\r\n--xyz--\r\n" },
        { "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"action\"\r\n" },
    };

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task A_broken_multipart_body_to_the_link_forms_is_400_and_records_nothing(string contentType, string body)
    {
        (await Client.PostJsonAsync($"/api/v1/{Tenant.Id}/newsletters/offers/subscriptions", new { email = "olli@example.fi" })).Dispose();
        var unsubscribe = await TokenAsync("unsubscribe-links", new { email = "olli@example.fi", listId = "offers" });
        var preferences = await TokenAsync("preference-links", new { email = "olli@example.fi" });
        var before = await Hub.EventCountAsync(Tenant.Id);
        using var browser = Hub.Client();

        foreach (var path in new[] { $"/u/{unsubscribe}", $"/p/{preferences}" })
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            using var response = await browser.PostAsync(path, content);
            await response.AssertProblemAsync(400);
        }

        Assert.Equal(before, await Hub.EventCountAsync(Tenant.Id));
        Assert.True((await Client.CheckAsync(Tenant.Id, "newsletter:offers", "email", "olli@example.fi"))[0].Allowed);
    }
}
