using System.Text.RegularExpressions;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.FunctionsHost;
using ConsentHub.Hub.Propagation;

namespace ConsentHub.Api.Tests.Azure;

/// The `propagation` topic has a subscription, and a trigger, only for a target kind the hub can deliver to: a
/// subscription no target serves would only collect messages until they dead-letter.
public sealed partial class PropagationSubscriptionTests
{
    [Fact]
    public async Task Every_propagation_trigger_serves_a_target_kind_the_hub_delivers_to()
    {
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost());
        var targets = hub.Services.GetServices<IPropagationTarget>().ToList();
        Assert.All(FunctionNames.Propagation.Values, kind =>
            Assert.Contains(targets, t => t.Handles(kind) || t.Handles(kind + ":crm")));
    }

    [Fact]
    public void The_topic_has_one_subscription_per_trigger_and_no_other()
    {
        var template = File.ReadAllText(Path.Combine(CosmosServer.RepoRoot(), "infra", "modules", "servicebus.bicep"));
        var kinds = Kinds().Match(template).Groups[1].Value.Split(',').Select(k => k.Trim().Trim('\'')).Order();
        Assert.Equal(FunctionNames.Propagation.Values.Order(), kinds);
    }

    [GeneratedRegex(@"var kinds = \[([^\]]*)\]")]
    private static partial Regex Kinds();
}
