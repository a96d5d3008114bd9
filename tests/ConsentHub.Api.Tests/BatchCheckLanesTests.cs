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

    /// The forms senders send, mixed in one request of 1,000: each answer, byte for byte, is the one its recipient
    /// gets alone, whether it was normalised straight into a lane or took the reference.
    [Fact]
    public async Task A_thousand_recipients_in_every_form_answer_byte_for_byte_as_when_checked_alone()
    {
        var forms = new List<string>();
        for (var n = 0; n < 12; n++)
        {
            var phone = $"040 {n:000} 45{n:00}";
            (await Client.PutAsync($"/api/v1/kaista/subjects/m{n}/contact-points",
                Http.JsonBody($$"""{"emails":["Muoto{{n}}@Example.fi"],"phones":["{{phone}}"]}"""))).EnsureSuccessStatusCode();
            if (n % 3 == 0)
                (await Client.PostJsonAsync($"/api/v1/kaista/subjects/m{n}/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
            var digits = $"40{n:000}45{n:00}";
            forms.AddRange([$"Muoto{n}@Example.fi", $"muoto{n}@EXAMPLE.FI", $"MUOTO{n}@example.fi", $" Muoto{n}@example.fi ", $"Muoto{n}@example.fi\n",
                $"muoto{n}@example.fi", phone, "0" + digits, "+358" + digits, $"+358 {digits[..2]} {digits[2..]}", "00358" + digits, $"(0{digits[..2]}) {digits[2..]}",
                $"+358.{digits}", $"0{digits[..2]}-{digits[2..]}", $"subject:m{n}"]);
        }
        forms.AddRange(["matti@bücher.de", "matti@xn--bcher-kva.de", "mätti@example.fi", "matti..m@example.fi", "matti@example", "ei osoite", "",
            "040\u00a0000\u00a04500", "+358 1234", "+46 70 123 45 67", "push:abc@example.fi", "subject:ei-ole", $"{new string('x', 60)}@example.fi"]);
        var random = new Random(12);
        var recipients = Enumerable.Range(0, 1000).Select(_ => forms[random.Next(forms.Count)]).ToArray();
        foreach (var channel in new[] { "email", "phone" })
        {
            var together = await ResultsAsync(channel, recipients);
            var alone = new Dictionary<string, string>();
            foreach (var recipient in recipients.Distinct()) alone[recipient] = (await ResultsAsync(channel, [recipient]))[0];
            Assert.Equal(recipients.Select(r => alone[r]), together);
            Assert.Contains(together, r => r.Contains("\"allowed\":false", StringComparison.Ordinal));
            Assert.Contains(together, r => r.Contains("\"allowed\":true", StringComparison.Ordinal));
        }
    }

    private async Task<string[]> ResultsAsync(string channel, string[] recipients)
    {
        using var response = await Client.PostJsonAsync("/api/v1/kaista/permissions/check", new { purpose = "direct-marketing", channel, recipients });
        var body = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return [.. body.GetProperty("results").EnumerateArray().Select(r => r.GetRawText())];
    }
}
