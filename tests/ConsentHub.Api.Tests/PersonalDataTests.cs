using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class PersonalDataTests
{
    [Fact]
    public async Task The_database_file_holds_no_clear_text_email_phone_or_ip()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("pii");
        var emails = Enumerable.Range(0, 30).Select(i => $"henkilo.{i}.salainen@esimerkki.fi").ToArray();
        for (var i = 0; i < emails.Length; i++)
        {
            (await t.Client.PutAsync($"/api/v1/pii/subjects/p{i}/contact-points",
                Http.JsonBody($$"""{"emails":["{{emails[i]}}"],"phones":["040 765 43{{i:D2}}"]}"""))).EnsureSuccessStatusCode();
            (await t.Client.PostJsonAsync($"/api/v1/pii/subjects/p{i}/consents", new
            {
                purpose = "market-research", granted = true,
                evidence = new { ip = $"192.0.2.{i + 1}", userAgent = "Mozilla/5.0 SalainenSelain", text = "Saamme lähettää sinulle kyselyjä." },
            })).EnsureSuccessStatusCode();
        }
        Assert.Equal((true, "consented"), (await t.Client.CheckAsync("pii", "market-research", "email", emails[3]))[0]);

        var bytes = await StoreFiles.ReadAllBytesAsync(hub.DataDir);
        Assert.True(bytes.Length > 0);
        var found = emails.Concat(Enumerable.Range(0, 30).SelectMany(i => new[] { $"+3584076543{i:D2}", $"4076543{i:D2}", $"192.0.2.{i + 1}" }))
            .Append("SalainenSelain").Append("esimerkki.fi").Append("salainen")
            .Where(text => StoreFiles.Contains(bytes, text)).ToList();
        Assert.Empty(found);
    }
}
