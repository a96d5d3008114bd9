using ConsentHub.Hub.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Hub.Storage;

/// A store that cannot take a request for a moment: the embedded database locked by another process, or a Cosmos DB
/// account that throttles, times out or is out of reach beyond the SDK's own retries. The caller gets 503 with
/// `Retry-After` (HubApp), not a 500: the request was sound and may well succeed when repeated.
public static class StoreOutage
{
    public enum Kind { None, Locked, Unavailable }

    /// Seconds a caller is asked to wait before repeating the request.
    public const int RetryAfterSeconds = 5;

    public static Kind Of(Exception? exception) => exception switch
    {
        SqliteException locked when StoreFileCheck.IsLocked(locked) => Kind.Locked,
        CosmosStoreException answered when answered.Contended || IsPassing(answered.Status) => Kind.Unavailable,
        CosmosException failed when IsPassing((int)failed.StatusCode) => Kind.Unavailable,
        CosmosOperationCanceledException => Kind.Unavailable,   // the SDK's own timeout, not the caller's cancellation
        HttpRequestException => Kind.Unavailable,   // the account out of reach; a request's own calls out are caught where made
        _ => Kind.None,
    };

    /// Timeouts, throttling and server-side failures pass; 4xx answers about the request itself do not.
    private static bool IsPassing(int status) => status is 408 or 429 or 449 or >= 500;
}
