using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Security;

namespace ConsentHub.Api.Tests.Kit;

/// The streams a scenario wrote to, for a Cosmos DB leg to hand to the change feed (StoreHubTest.DeliverAsync).
public static class StreamsKit
{
    /// The stream of statements made from an e-mail address itself (a link, a subscription), named by its keyed hash.
    public static StreamId EmailStream(this TestHub hub, string tenant, string email) =>
        StreamId.Contact(tenant, hub.Services.GetRequiredService<ContactHasher>().Hash(tenant, new ContactPoint(ContactKind.Email, email)));
}
