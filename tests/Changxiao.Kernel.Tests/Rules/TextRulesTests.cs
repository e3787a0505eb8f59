using System.Text.Json.Nodes;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Org;
using Changxiao.Kernel.Packs;
using Changxiao.Kernel.Rules;
using static Changxiao.Kernel.Tests.Org.OrgBuilders;

namespace Changxiao.Kernel.Tests.Rules;

/// <summary>The one text rule (issue 8, point 8) and the kernel checks that apply it: org decisions and matter fields.</summary>
public class TextRulesTests
{
    [Theory]
    [InlineData("东岭镇")]
    [InlineData("Zhang Wei-01 (张伟)")]
    [InlineData("𠀀𪚥姓")]            // characters outside the BMP: surrogate pairs
    [InlineData("维修😀完成")]
    [InlineData("")]
    [InlineData(null)]
    public void Problem_OrdinaryText_AcceptedInOneLineAndInMany(string? text)
    {
        Assert.Null(TextRules.Problem(text, multiline: false));
        Assert.Null(TextRules.Problem(text, multiline: true));
    }

    [Fact]
    public void Problem_Nul_NamesPositionAndCodePoint()
    {
        Assert.Equal("第 3 个字符是控制字符（U+0000），不能输入", TextRules.Problem("东岭\0镇", multiline: true));
    }

    [Theory]
    [InlineData('\u0000')]
    [InlineData('\u0001')]
    [InlineData('\u0008')]
    [InlineData('\u000B')]
    [InlineData('\u000C')]
    [InlineData('\u001B')]
    [InlineData('\u001F')]
    [InlineData('\u007F')]
    [InlineData('\u0080')]
    [InlineData('\u0085')]
    [InlineData('\u009F')]
    public void Problem_ControlCharacter_RefusedEvenInManyLines(char c)
    {
        Assert.Contains("控制字符", TextRules.Problem("甲" + c + "乙", multiline: true));
        Assert.Contains("控制字符", TextRules.Problem("甲" + c + "乙", multiline: false));
    }

    [Theory]
    [InlineData("第一行\n第二行")]
    [InlineData("第一行\r\n第二行")]
    [InlineData("\t缩进")]
    [InlineData("段落\u2029段落")]
    [InlineData("行\u2028行")]
    public void Problem_LineBreakOrTab_OneLineRefused_ManyLinesAccepted(string text)
    {
        Assert.Contains("此处只能填一行", TextRules.Problem(text, multiline: false));
        Assert.Null(TextRules.Problem(text, multiline: true));
    }

    [Theory]
    [InlineData('\u202A')]
    [InlineData('\u202B')]
    [InlineData('\u202C')]
    [InlineData('\u202D')]
    [InlineData('\u202E')]
    [InlineData('\u2066')]
    [InlineData('\u2067')]
    [InlineData('\u2068')]
    [InlineData('\u2069')]
    [InlineData('\u200E')]
    [InlineData('\u200F')]
    [InlineData('\u061C')]
    public void Problem_BidiControl_OneLineRefused(char c)
    {
        Assert.Equal($"第 3 个字符是文字方向控制符（U+{(int)c:X4}），此处不能使用", TextRules.Problem("报告" + c + "gpj.exe", multiline: false));
        Assert.Null(TextRules.Problem("报告" + c + "gpj.exe", multiline: true));
    }

    [Fact]
    public void Problem_UnpairedSurrogate_RefusedEverywhere()
    {
        // Not [InlineData]: the test runner's serialisation would replace a lone surrogate before the test saw it.
        foreach (var text in new[] { "\uD800", "甲\uD800乙", "甲\uDC00", "\uDC00\uD800" /* the wrong way round: two halves */ })
        {
            Assert.Contains("不成对的代理项", TextRules.Problem(text, multiline: true));
            Assert.Contains("不成对的代理项", TextRules.Problem(text, multiline: false));
        }
    }

    // ---- the kernel's checks use it ----

    [Fact]
    public void Fields_RequiredAndOptional_OneLineUnlessSaid()
    {
        var errors = Assert.Throws<FieldErrorsException>(() => new Check.Fields()
            .Required("name", "东岭\0镇", 100)
            .Optional("phone", "139\n0000", 20)
            .Optional("body", "第一行\n\t第二行", 1000, multiline: true)
            .Required("title", "主任\u202E", 100)
            .ThrowIfAny()).Errors;
        Assert.Equal(["name", "phone", "title"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CreateUnit_NameWithNulOrBidi_RefusesName()
    {
        AssertFieldErrors(() => OrgDecisions.CreateUnit(Guid.NewGuid(), Unit(name: "东岭\0镇"), Kinds, null, CodeUse.Free), "name");
        AssertFieldErrors(() => OrgDecisions.CreateUnit(Guid.NewGuid(), Unit(name: "东岭\u202E镇"), Kinds, null, CodeUse.Free), "name");
    }

    [Fact]
    public void CreatePerson_NameWithLineBreak_RefusesName() =>
        AssertFieldErrors(() => OrgDecisions.CreatePerson(Guid.NewGuid(), new PersonInput("p1", "张\n伟", Guid.NewGuid(), null, null), CodeUse.Free), "name");

    private static FieldDef Field(FieldType type, int? max) =>
        new("f", new Text("字段"), type, false, max, [], null, null, [], false, new SourceSpan("pack.yaml", 1, 1));

    [Theory]
    [InlineData(null, true)]
    [InlineData(5000, true)]
    [InlineData(101, true)]
    [InlineData(100, false)]
    [InlineData(30, false)]
    public void Multiline_ByTheFieldsMax(int? max, bool multiline) =>
        Assert.Equal(multiline, MatterValues.Multiline(Field(FieldType.Text, max)));

    [Fact]
    public void TryNormalise_LongText_KeepsTabsAndNewlines_RefusesNul()
    {
        var def = Field(FieldType.Text, 2000);
        Assert.True(MatterValues.TryNormalise(def, JsonValue.Create("第一行\n\t第二行"), out var value, out _));
        Assert.Equal("第一行\n\t第二行", value!.GetValue<string>());
        Assert.False(MatterValues.TryNormalise(def, JsonValue.Create("第一行\0"), out _, out var error));
        Assert.Contains("U+0000", error);
    }

    [Fact]
    public void TryNormalise_OneLineText_RefusesNewlineAndBidi()
    {
        var def = Field(FieldType.Text, 30);
        Assert.False(MatterValues.TryNormalise(def, JsonValue.Create("139\n12345678"), out _, out var newline));
        Assert.Contains("此处只能填一行", newline);
        Assert.False(MatterValues.TryNormalise(def, JsonValue.Create("王\u202E明"), out _, out var bidi));
        Assert.Contains("文字方向控制符", bidi);
    }

    [Fact]
    public void TryNormalise_TextListItemsAndAttachmentRefs_Checked()
    {
        var tags = new FieldDef("tags", new Text("标签"), FieldType.List, false, 20, [], FieldType.Text, null, [], false, new SourceSpan("pack.yaml", 1, 1));
        Assert.False(MatterValues.TryNormalise(tags, new JsonArray("好", "坏\0"), out _, out var item));
        Assert.StartsWith("第 2 项", item);
        Assert.False(MatterValues.TryNormalise(Field(FieldType.Attachment, null), JsonValue.Create("2025/a\0b.pdf"), out _, out _));
    }
}
