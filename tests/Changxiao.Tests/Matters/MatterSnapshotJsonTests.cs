using System.Text.Json.Nodes;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Matters;
using Changxiao.Store.Matters;

namespace Changxiao.Tests.Matters;

/// <summary>The snapshot column: every part survives a write and a read, and snapshots written by earlier builds still read.</summary>
public sealed class MatterSnapshotJsonTests
{
    private static MatterSnapshot Rich()
    {
        var clock = Clock.Start(new DateOnly(2025, 9, 26), TimeLimit.WorkingDays(5))
            .Pause(new DateOnly(2025, 9, 29), "等待补正材料")
            .Resume(new DateOnly(2025, 10, 9))
            .Extend(TimeLimit.WorkingDays(3), "情况复杂，经批准延期", new DateOnly(2025, 10, 10))
            .ExtendTo(new DateOnly(2025, 10, 31), "再次延期", new DateOnly(2025, 10, 20))
            .Stop(new DateOnly(2025, 10, 30));
        return new MatterSnapshot(
            Guid.CreateVersion7(), "tp", 2, "complaint", "TP-2025-0001", "replied", Guid.CreateVersion7(), "/a/b/", new DateOnly(2025, 9, 26),
            new Dictionary<string, JsonNode?>
            {
                ["content"] = "窗口办事拖沓，\"多次\"往返\n第二行",
                ["amount"] = JsonValue.Create(12.50m),
                ["count"] = 3,
                ["urgent"] = true,
                ["tags"] = new JsonArray("甲", "乙"),
                ["place"] = new JsonObject { ["town"] = "城关镇", ["no"] = 7 },
                ["reply"] = null,
            },
            new Dictionary<string, IReadOnlyList<Guid>> { ["handler"] = [Guid.CreateVersion7(), Guid.CreateVersion7()], ["subject"] = [] },
            [new MatterClock("handling", clock, "yellow", 1), new MatterClock("reply", Clock.Start(new DateOnly(2025, 10, 1), TimeLimit.Days(15)), null, 0)],
            [new MatterLink("led-to", Guid.CreateVersion7(), "talk")],
            Suspended: true,
            SuspendedReason: "关联事项办理中");
    }

    [Fact]
    public void WriteThenRead_KeepsEveryPart()
    {
        var m = Rich();
        var json = MatterSnapshotJson.Serialize(m);
        var back = MatterSnapshotJson.Parse(json);

        Assert.Equal(json, MatterSnapshotJson.Serialize(back));
        Assert.Equal((m.Id, m.PackId, m.PackVersion, m.Kind, m.Number, m.State, m.UnitId, m.UnitPath, m.OpenedOn, m.Suspended, m.SuspendedReason),
            (back.Id, back.PackId, back.PackVersion, back.Kind, back.Number, back.State, back.UnitId, back.UnitPath, back.OpenedOn, back.Suspended, back.SuspendedReason));
        Assert.Equal(m.Fields.Keys, back.Fields.Keys);
        foreach (var (k, v) in m.Fields) Assert.True(JsonNode.DeepEquals(v, back.Fields[k]), k);
        Assert.Equal("窗口办事拖沓，\"多次\"往返\n第二行", back.Fields["content"]!.GetValue<string>());
        Assert.Equal(12.50m, back.Fields["amount"]!.GetValue<decimal>());
        Assert.Equal(m.Parties["handler"], back.Parties["handler"]);
        Assert.Empty(back.Parties["subject"]);
        Assert.Equal(m.Clocks.Select(c => (c.Code, c.Level, c.StepsDone, c.Clock.Events.Count)), back.Clocks.Select(c => (c.Code, c.Level, c.StepsDone, c.Clock.Events.Count)));
        Assert.Equal(m.Clocks[0].Clock.Due(WorkCalendar.Default), back.Clocks[0].Clock.Due(WorkCalendar.Default));
        Assert.Equal(new DateOnly(2025, 10, 30), back.Clocks[0].Clock.StoppedOn);
        Assert.Equal(m.Links, back.Links);
        Assert.Contains("窗口办事拖沓", json); // Chinese kept as text, not \u escapes
    }

    [Fact]
    public void ReadsTheFormatOfEarlierBuilds()
    {
        // As the first builds wrote it (a JsonObject's ToJsonString: non-ASCII escaped, every key present).
        const string old = "{\"id\":\"01a2037fba7474b9870e12bc197510f6\",\"pack\":\"tp\",\"version\":1,\"kind\":\"complaint\",\"number\":\"TP-2025-200001\"," +
                           "\"state\":\"accepted\",\"unitId\":\"01a2037d93907a62ac7726618804745a\",\"unitPath\":\"/01a2037d91a275a6856b1985b3359091/\"," +
                           "\"openedOn\":\"2025-11-13\",\"fields\":{\"content\":\"\\u57FA\\u51C6\\u6295\\u8BC9 200001\"},\"parties\":{}," +
                           "\"clocks\":[{\"code\":\"handling\",\"level\":null,\"stepsDone\":0,\"events\":[{\"e\":\"start\",\"date\":\"2025-11-13\",\"limit\":\"5 working days\"}," +
                           "{\"e\":\"extend\",\"extra\":null,\"newDue\":\"2025-12-01\",\"reason\":\"\\u5EF6\\u671F\",\"date\":null}]}],\"links\":[],\"suspended\":false,\"suspendedReason\":null}";
        var m = MatterSnapshotJson.Parse(old);
        Assert.Equal("基准投诉 200001", m.Fields["content"]!.GetValue<string>());
        Assert.Equal(new DateOnly(2025, 12, 1), m.Clocks.Single().Clock.Due(WorkCalendar.Default));
        Assert.Null(m.Clocks.Single().Level);
        Assert.False(m.Suspended);
        Assert.Same(MatterSnapshotJson.Read(old), MatterSnapshotJson.Read(old)); // the remembered read parses once
    }
}
