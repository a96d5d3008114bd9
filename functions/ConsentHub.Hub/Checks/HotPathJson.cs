using System.Text.Json;
using System.Text.Json.Serialization;
using ConsentHub.Contracts.Api;

namespace ConsentHub.Hub.Checks;

/// System.Text.Json source generation for the bodies of the hottest routes: the permission check (asked before every
/// campaign and message) and the banner's config (asked on page views). The same shape as Json.Options (web names,
/// nulls left out, numbers strict); the HTTP options put it first in their resolver chain (HubApp), so their encoder
/// still applies.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict, AllowTrailingCommas = false)]
[JsonSerializable(typeof(CheckRequest))]
[JsonSerializable(typeof(CheckResponse))]
[JsonSerializable(typeof(BannerConfigView))]
public sealed partial class HotPathJson : JsonSerializerContext;
