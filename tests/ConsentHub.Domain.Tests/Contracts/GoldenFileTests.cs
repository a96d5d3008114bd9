using System.Text.Json.Nodes;
using ConsentHub.Contracts.Events;

namespace ConsentHub.Domain.Tests.Contracts;

/// The stored format is a contract: every golden file must keep decoding, whatever the records become.
public sealed class GoldenFileTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Golden");

    public static TheoryData<string> GoldenFiles() => new(Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal));

    public static TheoryData<string> WireNames() => new(EventCodec.WireNames.Order(StringComparer.Ordinal));

    private static string FileOf(string wireName) => wireName.Replace('/', '.') + ".json";

    private static (string Type, JsonNode Data) Read(string file)
    {
        var golden = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!;
        return (golden["type"]!.GetValue<string>(), golden["data"]!);
    }

    [Theory]
    [MemberData(nameof(WireNames))]
    public void Every_known_wire_name_has_a_golden_file(string wireName) =>
        Assert.True(File.Exists(Path.Combine(Folder, FileOf(wireName))), $"Golden/{FileOf(wireName)} is missing");

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Every_golden_file_is_named_for_a_known_wire_name(string file)
    {
        var (type, _) = Read(file);

        Assert.Equal(FileOf(type), file);
        Assert.NotNull(EventCodec.TypeOf(type));
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Every_golden_file_decodes_and_encodes_back_to_the_same_data(string file)
    {
        var (type, data) = Read(file);

        var decoded = EventCodec.Decode<object>(type, data.ToJsonString());
        Assert.IsType(EventCodec.TypeOf(type)!, decoded);
        var (reType, reData) = EventCodec.Encode(decoded);
        Assert.Equal(type, reType);
        Assert.True(JsonNode.DeepEquals(data, JsonNode.Parse(reData)), $"{file} re-encodes as {reData}");
    }

    [Fact]
    public void Every_golden_ledger_file_decodes_to_the_event_it_was_written_from()
    {
        foreach (var sample in GoldenSamples.All.OfType<LedgerEvent>())
        {
            var (type, data) = Read(FileOf(EventCodec.WireName(sample)));
            Assert.Equal(sample, EventCodec.Decode<LedgerEvent>(type, data.ToJsonString()));
        }
    }

    [Fact]
    public void Every_golden_file_holds_what_its_sample_encodes_to()
    {
        foreach (var sample in GoldenSamples.All)
        {
            var (type, data) = EventCodec.Encode(sample);
            Assert.True(JsonNode.DeepEquals(Read(FileOf(type)).Data, JsonNode.Parse(data)), $"{type} now encodes as {data}");
        }
    }

    [Fact]
    public void Every_wire_name_has_a_sample() =>
        Assert.Equal(EventCodec.WireNames.Order(StringComparer.Ordinal), GoldenSamples.All.Select(EventCodec.WireName).Order(StringComparer.Ordinal));
}
