using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// A check of many recipients hashes its contact points eight at a time and looks them up in the order they came:
/// each recipient gets the answer it gets when checked alone, whatever its place in a group of eight, next to long
/// addresses (hashed alone), subjects, repeats and invalid text, and a repeat still answers as its first occurrence.
public sealed class BatchCheckLanesTests() : HubTest("kaista")
{
    [Fact]
    public async Task Every_recipient_of_a_batch_answers_as_when_checked_alone()
    {
        var recipients = new List<string>();
        for (var n = 0; n < 19; n++)
        {
            // every third person objected; some addresses are too long for a lane (over 55 bytes with "email:")
            var email = n % 5 == 4 ? $"henkilo{n}.{new string('x', 50)}@Example.fi" : $"Henkilo{n}@Example.fi";
            (await Client.PutAsync($"/api/v1/kaista/subjects/s{n}/contact-points", Http.JsonBody($$"""{"emails":["{{email}}"]}"""))).EnsureSuccessStatusCode();
            if (n % 3 == 0)
                (await Client.PostJsonAsync($"/api/v1/kaista/subjects/s{n}/objections", new { scope = "market-research", channel = "all" })).EnsureSuccessStatusCode();
            recipients.Add(email.Replace("Example.fi", "example.FI"));   // the same address: the domain is lower-cased
            if (n % 4 == 1) recipients.Add($" {email} ");   // the reference normaliser's form, hashed as the same key
            if (n % 6 == 2) recipients.Add("subject:s" + n);
            if (n % 7 == 3) recipients.Add("ei osoite");
        }
        recipients.AddRange(recipients.Take(12));   // repeats of earlier recipients
        recipients.Add("tuntematon@example.fi");

        var together = await Client.CheckAsync("kaista", "market-research", "email", [.. recipients]);
        var alone = new List<(bool, string)>();
        foreach (var recipient in recipients) alone.Add((await Client.CheckAsync("kaista", "market-research", "email", recipient))[0]);
        Assert.Equal(alone, together);
        Assert.True(together.Count(r => r.Reason == "objected") >= 7);   // the seven who objected, in every form
        Assert.Contains(together, r => r.Reason != "objected");
    }
}
