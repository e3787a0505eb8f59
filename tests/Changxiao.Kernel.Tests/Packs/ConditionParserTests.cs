using Changxiao.Kernel.Packs;

namespace Changxiao.Kernel.Tests.Packs;

public class ConditionParserTests
{
    private static Compare Cmp(string name, CompareOp op, params string[] values) => new(name, op, values);

    private static void AssertTree(Condition expected, Condition actual) =>
        Assert.Equal(Conditions.Format(expected), Conditions.Format(actual));

    [Theory]
    [InlineData("outcome == 不属实", "outcome", CompareOp.Eq, "不属实")]
    [InlineData("outcome != 不属实", "outcome", CompareOp.Ne, "不属实")]
    [InlineData("amount < 10000", "amount", CompareOp.Lt, "10000")]
    [InlineData("amount <= 10000", "amount", CompareOp.Le, "10000")]
    [InlineData("amount > -5.5", "amount", CompareOp.Gt, "-5.5")]
    [InlineData("amount>=10000", "amount", CompareOp.Ge, "10000")]
    [InlineData("occurred_on >= 2025-01-01", "occurred_on", CompareOp.Ge, "2025-01-01")]
    [InlineData("channel == 12380", "channel", CompareOp.Eq, "12380")]
    [InlineData("title == 'a b'", "title", CompareOp.Eq, "a b")]
    [InlineData("title == \"and\"", "title", CompareOp.Eq, "and")]
    [InlineData("title == “中文引号”", "title", CompareOp.Eq, "中文引号")]
    public void Parse_SingleComparison_ReadsNameOperatorAndValue(string text, string name, CompareOp op, string value)
    {
        var c = Assert.IsType<Compare>(Conditions.Parse(text));

        Assert.Equal(name, c.Name);
        Assert.Equal(op, c.Op);
        Assert.Equal([value], c.Values);
    }

    [Fact]
    public void Parse_BareName_IsHasValue()
    {
        var c = Assert.IsType<Compare>(Conditions.Parse("  inspection "));

        Assert.Equal(CompareOp.Has, c.Op);
        Assert.Equal("inspection", c.Name);
        Assert.Empty(c.Values);
    }

    [Fact]
    public void Parse_InList_ReadsEveryValue()
    {
        var c = Assert.IsType<Compare>(Conditions.Parse("state in [concluded, sanctioned, '已 处理']"));

        Assert.Equal(CompareOp.In, c.Op);
        Assert.Equal(["concluded", "sanctioned", "已 处理"], c.Values);
    }

    [Fact]
    public void Parse_NotInWithFullWidthComma_ReadsNotIn()
    {
        var c = Assert.IsType<Compare>(Conditions.Parse("category not in [收费，承诺]"));

        Assert.Equal(CompareOp.NotIn, c.Op);
        Assert.Equal(["收费", "承诺"], c.Values);
    }

    [Fact]
    public void Parse_AndBindsTighterThanOr()
    {
        var c = Conditions.Parse("a == 1 or b == 2 and c == 3");

        AssertTree(new Or(Cmp("a", CompareOp.Eq, "1"), new And(Cmp("b", CompareOp.Eq, "2"), Cmp("c", CompareOp.Eq, "3"))), c);
    }

    [Fact]
    public void Parse_Parentheses_OverridePrecedence()
    {
        var c = Conditions.Parse("(a == 1 or b == 2) and c");

        var and = Assert.IsType<And>(c);
        Assert.IsType<Or>(and.Left);
        Assert.Equal(CompareOp.Has, Assert.IsType<Compare>(and.Right).Op);
    }

    [Fact]
    public void Parse_FullWidthParentheses_ReadLikeAscii()
    {
        var c = Conditions.Parse("not （a or b）");

        var not = Assert.IsType<Not>(c);
        Assert.IsType<Or>(not.Inner);
    }

    [Fact]
    public void Parse_NotBeforeComparison_NegatesIt()
    {
        var c = Conditions.Parse("not outcome == 不属实 and x");

        var and = Assert.IsType<And>(c);
        var not = Assert.IsType<Not>(and.Left);
        Assert.Equal(Cmp("outcome", CompareOp.Eq, "不属实").Name, Assert.IsType<Compare>(not.Inner).Name);
    }

    [Fact]
    public void Parse_Terms_GiveOffsetsOfNamesAndValues()
    {
        Conditions.Parse("state == a or outcome in [属实, '部分属实']", out var terms);

        Assert.Equal(2, terms.Count);
        Assert.Equal(("state", 0), (terms[0].Name, terms[0].Offset));
        Assert.Equal(("a", 9, false), (terms[0].Values[0].Value, terms[0].Values[0].Offset, terms[0].Values[0].Quoted));
        Assert.Equal(("outcome", 14), (terms[1].Name, terms[1].Offset));
        Assert.Equal(26, terms[1].Values[0].Offset);
        Assert.Equal(("部分属实", 30, true), (terms[1].Values[1].Value, terms[1].Values[1].Offset, terms[1].Values[1].Quoted));
    }

    [Fact]
    public void Parse_Names_ListsEveryNameRead()
    {
        var c = Conditions.Parse("a and (b == 1 or not c in [x])");

        Assert.Equal(["a", "b", "c"], c.Names);
    }

    [Theory]
    [InlineData("outcome != 不属实 and state in [concluded, sanctioned]")]
    [InlineData("not (a or b) and c == 'x y'")]
    [InlineData("a or b and c")]
    [InlineData("(a or b) and (c or not d)")]
    [InlineData("t == \"and\"")]
    public void Format_ParsedCondition_ParsesBackToTheSameTree(string text)
    {
        var once = Conditions.Parse(text);
        var twice = Conditions.Parse(Conditions.Format(once));

        Assert.Equal(Conditions.Format(once), Conditions.Format(twice));
    }

    [Fact]
    public void Holds_ParsedCondition_EvaluatesAgainstValues()
    {
        var c = Conditions.Parse("outcome != 不属实 and amount >= 10000 or state == closed");
        var values = new Dictionary<string, object?> { ["outcome"] = "属实", ["amount"] = 12000m, ["state"] = "open" };

        Assert.True(c.Holds(n => values.GetValueOrDefault(n)));
        values["amount"] = 9999m;
        Assert.False(c.Holds(n => values.GetValueOrDefault(n)));
        values["state"] = "closed";
        Assert.True(c.Holds(n => values.GetValueOrDefault(n)));
    }

    [Theory]
    [InlineData("", 0, "条件为空")]
    [InlineData("   ", 3, "条件为空")]
    [InlineData("a = b", 2, "==")]
    [InlineData("a ! b", 2, "!=")]
    [InlineData("a ==", 4, "缺少值")]
    [InlineData("a == and", 5, "关键字")]
    [InlineData("a in b", 5, "列表")]
    [InlineData("a in []", 6, "列表为空")]
    [InlineData("a in [x y]", 8, "逗号")]
    [InlineData("a in [x, y", 10, "缺少 ]")]
    [InlineData("(a == b", 7, "缺少 )")]
    [InlineData("a == b)", 6, "多余的 )")]
    [InlineData("a == 'b", 5, "引号")]
    [InlineData("a b", 2, "比较运算符")]
    [InlineData("== b", 0, "字段名")]
    [InlineData("5 == a", 0, "数字")]
    [InlineData("a and", 5, "字段名")]
    [InlineData("a == b c", 7, "and、or")]
    [InlineData("a not b", 2, "比较运算符")]
    public void Parse_BadText_ThrowsWithOffset(string text, int offset, string reasonPart)
    {
        var ex = Assert.Throws<ConditionSyntaxException>(() => Conditions.Parse(text));

        Assert.Equal(offset, ex.Offset);
        Assert.Contains(reasonPart, ex.Reason, StringComparison.Ordinal);
        Assert.Equal(text, ex.Text);
    }

    [Fact]
    public void TryParse_BadText_ReturnsFalseWithError()
    {
        Assert.False(Conditions.TryParse("a ==", out var c, out var error));
        Assert.Null(c);
        Assert.Equal(4, error!.Offset);
        Assert.True(Conditions.TryParse("a", out c, out error));
        Assert.NotNull(c);
        Assert.Null(error);
    }
}
