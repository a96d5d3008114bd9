using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConsentHub.Hub.Http;

namespace ConsentHub.Hub.FunctionsHost;

/// What the Functions host posts to `/{FunctionName}` for a non-HTTP trigger: `Data` holds trigger and input values
/// by binding name, `Metadata` the trigger's metadata (DeliveryCount, MessageId, sys…).
public sealed record Invocation(JsonElement Data, JsonElement Metadata)
{
    public static async Task<(Invocation? Invocation, IResult? Problem)> ReadAsync(HttpContext http)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(nameof(Data), out var data) || data.ValueKind != JsonValueKind.Object)
                return (null, Problems.Validation("Data", "An invocation carries a Data object."));
            var metadata = root.TryGetProperty(nameof(Metadata), out var m) ? m.Clone() : default;
            return (new Invocation(data.Clone(), metadata), null);
        }
        catch (JsonException)
        {
            return (null, Problems.Validation("$", "The invocation is not valid JSON."));
        }
    }

    /// A binding's value. The host hands many triggers' values over as a JSON string holding JSON; that is unwrapped.
    public JsonElement? Value(string binding)
    {
        if (!Data.TryGetProperty(binding, out var value)) return null;
        if (value.ValueKind != JsonValueKind.String) return value;
        var text = value.GetString()!;
        try
        {
            using var inner = JsonDocument.Parse(text);
            return inner.RootElement.Clone();
        }
        catch (JsonException)
        {
            return value;   // a plain string after all
        }
    }

    /// A whole number from the metadata, whether the host sent it as a number or as text.
    public int? MetaInt(string name) =>
        Metadata.ValueKind == JsonValueKind.Object && Metadata.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.Number when v.TryGetInt32(out var n) => n,
                JsonValueKind.String when int.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
                _ => null,
            }
            : null;

    public string? MetaString(string name) =>
        Metadata.ValueKind == JsonValueKind.Object && Metadata.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// The answer the host expects. `Outputs` feeds the function's output bindings by name; `Logs` land in the
/// invocation's logs (Application Insights). A non-2xx answer fails the invocation instead (retry, dead-letter).
public sealed record InvocationResult(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static IResult Ok(IReadOnlyList<string> logs, object? returnValue = null, IReadOnlyDictionary<string, object?>? outputs = null) =>
        TypedResults.Json(new InvocationResult(outputs ?? new Dictionary<string, object?>(), logs, returnValue), Options);
}
