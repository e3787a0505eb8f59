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

    private static string Serialize(MatterSnapshot m)
    {
        var o = new JsonObject
        {
            ["id"] = m.Id.ToString("N"),
            ["pack"] = m.PackId,
            ["version"] = m.PackVersion,
            ["kind"] = m.Kind,
            ["number"] = m.Number,
            ["state"] = m.State,
            ["unitId"] = m.UnitId.ToString("N"),
            ["unitPath"] = m.UnitPath,
            ["openedOn"] = m.OpenedOn.ToString("yyyy-MM-dd"),
            ["fields"] = new JsonObject(m.Fields.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone()))),
            ["parties"] = new JsonObject(m.Parties.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonArray(kv.Value.Select(g => (JsonNode?)g.ToString("N")).ToArray())))),
            ["clocks"] = new JsonArray(m.Clocks.Select(c => (JsonNode?)new JsonObject
            {
                ["code"] = c.Code,
                ["level"] = c.Level,
                ["stepsDone"] = c.StepsDone,
                ["events"] = new JsonArray(c.Clock.Events.Select(WriteEvent).ToArray()),
            }).ToArray()),
            ["links"] = new JsonArray(m.Links.Select(l => (JsonNode?)new JsonObject
            {
                ["relation"] = l.Relation, ["other"] = l.OtherId.ToString("N"), ["otherKind"] = l.OtherKind,
            }).ToArray()),
            ["suspended"] = m.Suspended,
            ["suspendedReason"] = m.SuspendedReason,
        };
        return o.ToJsonString();
    }

    private static MatterSnapshot Parse(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        return new MatterSnapshot(
            Guid.Parse(o["id"]!.GetValue<string>()),
            o["pack"]!.GetValue<string>(),
            o["version"]!.GetValue<int>(),
            o["kind"]!.GetValue<string>(),
            o["number"]!.GetValue<string>(),
            o["state"]!.GetValue<string>(),
            Guid.Parse(o["unitId"]!.GetValue<string>()),
            o["unitPath"]!.GetValue<string>(),
            DateOnly.ParseExact(o["openedOn"]!.GetValue<string>(), "yyyy-MM-dd"),
            o["fields"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value?.DeepClone()),
            o["parties"]!.AsObject().ToDictionary(kv => kv.Key,
                kv => (IReadOnlyList<Guid>)kv.Value!.AsArray().Select(g => Guid.Parse(g!.GetValue<string>())).ToList()),
            o["clocks"]!.AsArray().Select(c => new MatterClock(
                c!["code"]!.GetValue<string>(),
                Clock.FromEvents(c["events"]!.AsArray().Select(ReadEvent)),
                c["level"]?.GetValue<string>(),
                c["stepsDone"]!.GetValue<int>())).ToList(),
            o["links"]!.AsArray().Select(l => new MatterLink(
                l!["relation"]!.GetValue<string>(), Guid.Parse(l["other"]!.GetValue<string>()), l["otherKind"]!.GetValue<string>())).ToList(),
            o["suspended"]?.GetValue<bool>() ?? false,
            o["suspendedReason"]?.GetValue<string>());
    }

    private static JsonNode WriteEvent(ClockEvent e) => e switch
    {
        ClockStarted s => new JsonObject { ["e"] = "start", ["date"] = D(s.Date), ["limit"] = s.Limit.ToString() },
        ClockPaused p => new JsonObject { ["e"] = "pause", ["date"] = D(p.Date), ["reason"] = p.Reason },
        ClockResumed r => new JsonObject { ["e"] = "resume", ["date"] = D(r.Date) },
        ClockExtended x => new JsonObject
        {
            ["e"] = "extend", ["extra"] = x.Extra?.ToString(), ["newDue"] = x.NewDue is { } n ? D(n) : null,
            ["reason"] = x.Reason, ["date"] = x.Date is { } d ? D(d) : null,
        },
        ClockStopped s => new JsonObject { ["e"] = "stop", ["date"] = D(s.Date) },
        _ => throw new InvalidOperationException($"unknown clock event {e.GetType().Name}"),
    };

    private static ClockEvent ReadEvent(JsonNode? n)
    {
        var o = n!.AsObject();
        DateOnly Date(string k) => DateOnly.ParseExact(o[k]!.GetValue<string>(), "yyyy-MM-dd");
        return o["e"]!.GetValue<string>() switch
        {
            "start" => new ClockStarted(Date("date"), TimeLimit.Parse(o["limit"]!.GetValue<string>())),
            "pause" => new ClockPaused(Date("date"), o["reason"]!.GetValue<string>()),
            "resume" => new ClockResumed(Date("date")),
            "extend" => new ClockExtended(
                o["extra"]?.GetValue<string>() is { } x ? TimeLimit.Parse(x) : null,
                o["newDue"] is not null ? Date("newDue") : null,
                o["reason"]!.GetValue<string>(),
                o["date"] is not null ? Date("date") : null),
            "stop" => new ClockStopped(Date("date")),
            var k => throw new JsonException($"unknown clock event '{k}'"),
        };
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd");
}
