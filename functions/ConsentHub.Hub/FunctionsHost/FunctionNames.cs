namespace ConsentHub.Hub.FunctionsHost;

/// The non-HTTP functions of the app: each has a folder `functions/{name}/function.json` and the handler route
/// `POST /{name}`. Binding names are the keys of `Data` and `Outputs` in the invocation payloads.
public static class FunctionNames
{
    public const string Api = "Api";   // the catch-all HTTP function: forwarded to the app's own routes, no handler route
    public const string EventsChangeFeed = "EventsChangeFeed";
    public const string Retention = "Retention";
    public const string RequestDeadlines = "RequestDeadlines";

    /// One Service Bus trigger per propagation target kind, each on its own subscription of the `propagation` topic.
    public static readonly IReadOnlyDictionary<string, string> Propagation = new Dictionary<string, string>
    {
        ["PropagateSendgrid"] = "sendgrid",
        ["PropagateSms"] = "sms",
        ["PropagateWebhook"] = "webhook",
    };

    public static IEnumerable<string> TriggerRoutes => [EventsChangeFeed, Retention, RequestDeadlines, .. Propagation.Keys];

    public const string DocumentsBinding = "documents";
    public const string PreferenceEventsBinding = "preferenceEvents";
    public const string MessageBinding = "message";
    public const string TimerBinding = "timer";
}
