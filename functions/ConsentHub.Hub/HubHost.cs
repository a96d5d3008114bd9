namespace ConsentHub.Hub;

/// Which executable hosts the hub. It decides who drives what happens after a write: the self-hosted server runs its
/// own propagation queue and, on Cosmos DB, reads the change feed itself; in the Functions app a Durable Functions
/// orchestration runs each propagation and a timer sweeps the change feed, so neither background loop runs there.
public enum HubHost
{
    Server,
    Functions,
}
