using System.Text.Json;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Matters;

namespace Changxiao.Store.Matters;

/// <summary>The kernel's MatterSnapshot as a JSON column, clocks as their event lists.</summary>
public static class MatterSnapshotJson
{
    /// <summary>
    /// The snapshot each JSON string instance was written from or read into. A command reads a matter's snapshot, then its
    /// facts fold into it one by one: keyed by the string instance (not its text), the same row's JSON is parsed once per
    /// command, and nothing outlives the row that holds the string.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, MatterSnapshot> Known = new();

    public static string Write(MatterSnapshot m)
    {
        var json = Serialize(m);
        Known.AddOrUpdate(json, m);
        return json;
    }

    public static MatterSnapshot Read(string json)
    {
        if (Known.TryGetValue(json, out var known)) return known;
        var m = Parse(json);
        Known.AddOrUpdate(json, m);
        return m;
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON of a snapshot, not remembered: for batches whose snapshots are read once (the sweep).</summary>
    public static string Serialize(MatterSnapshot m)
    {
        // Written straight to UTF-8 (no node tree): a sweep serialises thousands of these per batch.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("id", m.Id.ToString("N"));
            w.WriteString("pack", m.PackId);
            w.WriteNumber("version", m.PackVersion);
            w.WriteString("kind", m.Kind);
            w.WriteString("number", m.Number);
            w.WriteString("state", m.State);
            w.WriteString("unitId", m.UnitId.ToString("N"));
            w.WriteString("unitPath", m.UnitPath);
            w.WriteString("openedOn", D(m.OpenedOn));
            w.WriteStartObject("fields");
            foreach (var (k, v) in m.Fields)
            {
                w.WritePropertyName(k);
                if (v is null) w.WriteNullValue();
                else v.WriteTo(w);
            }
            w.WriteEndObject();
            w.WriteStartObject("parties");
            foreach (var (k, ids) in m.Parties)
            {
                w.WriteStartArray(k);
                foreach (var g in ids) w.WriteStringValue(g.ToString("N"));
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteStartArray("clocks");
            foreach (var c in m.Clocks)
            {
                w.WriteStartObject();
                w.WriteString("code", c.Code);
                if (c.Level is null) w.WriteNull("level");
                else w.WriteString("level", c.Level);
                w.WriteNumber("stepsDone", c.StepsDone);
                w.WriteStartArray("events");
                foreach (var e in c.Clock.Events) WriteEvent(w, e);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("links");
            foreach (var l in m.Links)
            {
                w.WriteStartObject();
                w.WriteString("relation", l.Relation);
                w.WriteString("other", l.OtherId.ToString("N"));
                w.WriteString("otherKind", l.OtherKind);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteBoolean("suspended", m.Suspended);
            if (m.SuspendedReason is null) w.WriteNull("suspendedReason");
            else w.WriteString("suspendedReason", m.SuspendedReason);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A snapshot from its JSON, not remembered (see <see cref="Serialize"/>).</summary>
    public static MatterSnapshot Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var o = doc.RootElement;
        return new MatterSnapshot(
            Guid.Parse(o.GetProperty("id").GetString()!),
            o.GetProperty("pack").GetString()!,
            o.GetProperty("version").GetInt32(),
            o.GetProperty("kind").GetString()!,
            o.GetProperty("number").GetString()!,
            o.GetProperty("state").GetString()!,
            Guid.Parse(o.GetProperty("unitId").GetString()!),
            o.GetProperty("unitPath").GetString()!,
            Date(o, "openedOn"),
            o.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => NodeOf(p.Value)),
            o.GetProperty("parties").EnumerateObject().ToDictionary(p => p.Name,
                p => (IReadOnlyList<Guid>)p.Value.EnumerateArray().Select(g => Guid.Parse(g.GetString()!)).ToList()),
            o.GetProperty("clocks").EnumerateArray().Select(c => new MatterClock(
                c.GetProperty("code").GetString()!,
                Clock.FromEvents(c.GetProperty("events").EnumerateArray().Select(ReadEvent).ToList()),
                c.TryGetProperty("level", out var level) ? level.GetString() : null,
                c.GetProperty("stepsDone").GetInt32())).ToList(),
            o.GetProperty("links").EnumerateArray().Select(l => new MatterLink(
                l.GetProperty("relation").GetString()!, Guid.Parse(l.GetProperty("other").GetString()!), l.GetProperty("otherKind").GetString()!)).ToList(),
            o.TryGetProperty("suspended", out var suspended) && suspended.ValueKind == JsonValueKind.True,
            o.TryGetProperty("suspendedReason", out var reason) ? reason.GetString() : null);
    }

    /// <summary>A field's value as a node that outlives the parsed document.</summary>
    private static JsonNode? NodeOf(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => JsonValue.Create(e.GetString()!),
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        _ => JsonNode.Parse(e.GetRawText()),
    };

    private static DateOnly Date(JsonElement o, string key) => DateOnly.ParseExact(o.GetProperty(key).GetString()!, "yyyy-MM-dd");

    private static void WriteEvent(Utf8JsonWriter w, ClockEvent e)
    {
        w.WriteStartObject();
        switch (e)
        {
            case ClockStarted s:
                w.WriteString("e", "start"); w.WriteString("date", D(s.Date)); w.WriteString("limit", s.Limit.ToString());
                break;
            case ClockPaused p:
                w.WriteString("e", "pause"); w.WriteString("date", D(p.Date)); w.WriteString("reason", p.Reason);
                break;
            case ClockResumed r:
                w.WriteString("e", "resume"); w.WriteString("date", D(r.Date));
                break;
            case ClockExtended x:
                w.WriteString("e", "extend");
                Nullable("extra", x.Extra?.ToString());
                Nullable("newDue", x.NewDue is { } n ? D(n) : null);
                w.WriteString("reason", x.Reason);
                Nullable("date", x.Date is { } d ? D(d) : null);
                break;
            case ClockStopped s:
                w.WriteString("e", "stop"); w.WriteString("date", D(s.Date));
                break;
            default:
                throw new InvalidOperationException($"unknown clock event {e.GetType().Name}");
        }
        w.WriteEndObject();

        void Nullable(string key, string? value)
        {
            if (value is null) w.WriteNull(key);
            else w.WriteString(key, value);
        }
    }

    private static ClockEvent ReadEvent(JsonElement o)
    {
        string? Text(string k) => o.TryGetProperty(k, out var v) ? v.GetString() : null;
        return o.GetProperty("e").GetString() switch
        {
            "start" => new ClockStarted(Date(o, "date"), TimeLimit.Parse(o.GetProperty("limit").GetString()!)),
            "pause" => new ClockPaused(Date(o, "date"), o.GetProperty("reason").GetString()!),
            "resume" => new ClockResumed(Date(o, "date")),
            "extend" => new ClockExtended(
                Text("extra") is { } x ? TimeLimit.Parse(x) : null,
                Text("newDue") is not null ? Date(o, "newDue") : null,
                o.GetProperty("reason").GetString()!,
                Text("date") is not null ? Date(o, "date") : null),
            "stop" => new ClockStopped(Date(o, "date")),
            var k => throw new JsonException($"unknown clock event '{k}'"),
        };
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd");
}
