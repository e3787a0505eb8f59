using System.Text.Json;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Accounts;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Org;

namespace Changxiao.Kernel.Tests.Journal;

public class CanonicalJsonTests
{
    private static readonly Guid Id = Guid.Parse("0197a000-0000-7000-8000-000000000001");
    private static readonly Guid Other = Guid.Parse("0197a000-0000-7000-8000-000000000002");

    private static string Canonical(string json) => CanonicalJson.Canonicalize(JsonNode.Parse(json));

    [Fact]
    public void Canonicalize_NestedObjects_KeysSortedOrdinalAtEveryDepth() =>
        Assert.Equal(
            """{"B":2,"a":{"c":null,"d":[{"y":2,"z":1},3]},"b":1,"é":0}""",
            Canonical("""{ "é": 0, "b": 1, "a": { "d": [ { "z": 1, "y": 2 }, 3 ], "c": null }, "B": 2 }"""));

    [Fact]
    public void Canonicalize_DigitKeys_SortedAsStringsNotNumbers() =>
        Assert.Equal("""{"10":1,"9":2}""", Canonical("""{"9":2,"10":1}"""));

    [Fact]
    public void Canonicalize_Arrays_KeepTheirOrder() =>
        Assert.Equal("""[3,1,2,"b","a"]""", Canonical("""[ 3, 1, 2, "b", "a" ]"""));

    [Fact]
    public void Canonicalize_IndentedInput_NoWhitespaceInOutput()
    {
        var output = Canonical("""
            {
              "name" : "青溪 县",
              "list" : [ 1 ,
                         2 ]
            }
            """);

        Assert.Equal("""{"list":[1,2],"name":"青溪 县"}""", output);
    }

    [Fact]
    public void Canonicalize_SameContentDifferentPropertyOrder_SameOutput()
    {
        var first = new JsonObject
        {
            ["name"] = "青溪县",
            ["code"] = "qx",
            ["meta"] = new JsonObject { ["y"] = 1, ["x"] = new JsonArray(1, 2) },
        };
        var second = new JsonObject
        {
            ["meta"] = new JsonObject { ["x"] = new JsonArray(1, 2), ["y"] = 1 },
            ["code"] = "qx",
            ["name"] = "青溪县",
        };

        Assert.Equal(CanonicalJson.Canonicalize(first), CanonicalJson.Canonicalize(second));
    }

    [Fact]
    public void Serialize_Chinese_NotEscaped() =>
        Assert.Equal("""{"name":"青溪县"}""", CanonicalJson.Serialize(new { name = "青溪县" }));

    [Fact]
    public void Serialize_ControlCharactersAndQuotes_EscapedSoDataHasNoNewline()
    {
        var json = CanonicalJson.Serialize(new { note = "第一行\n\"第二行\"\\" });

        Assert.DoesNotContain('\n', json);
        Assert.Equal("第一行\n\"第二行\"\\", JsonNode.Parse(json)!["note"]!.GetValue<string>());
    }

    [Fact]
    public void Serialize_PascalCaseProperties_CamelCasedAndSorted() =>
        Assert.Equal("""{"parentId":null,"unitCode":"qx"}""", CanonicalJson.Serialize(new { UnitCode = "qx", ParentId = (Guid?)null }));

    [Fact]
    public void SerializeFact_UnitCreated_OwnFieldsInCamelCaseOnly() =>
        Assert.Equal(
            """{"code":"qx","id":"0197a000-0000-7000-8000-000000000001","kind":"county","name":"青溪县","parentId":null}""",
            CanonicalJson.SerializeFact(new UnitCreated(Id, "qx", "青溪县", "county", null)));

    [Fact]
    public void SerializeFact_AnyFact_DropsTypeAndEntity()
    {
        var facts = new IFact[]
        {
            new UnitUpdated(Id, "qx", "青溪县", "county", Other),
            new PersonCreated(Id, "P001", "张三", Other, "0577-88888888", null),
            new PostCreated(Id, Other, "局长", "top", null),
            new RoleAssigned(Id, Other, "org-admin", Other, true),
            new AccountDisabledChanged(Id, true, "stamp"),
        };

        Assert.All(facts, fact =>
        {
            var keys = JsonNode.Parse(CanonicalJson.SerializeFact(fact))!.AsObject().Select(p => p.Key).ToList();
            Assert.DoesNotContain("type", keys);
            Assert.DoesNotContain("entityType", keys);
            Assert.DoesNotContain("entityId", keys);
            Assert.Contains("id", keys);
        });
    }

    [Fact]
    public void SerializeFact_PersonCreated_KeepsFieldsInCamelCase()
    {
        var keys = JsonNode.Parse(CanonicalJson.SerializeFact(new PersonCreated(Id, "P001", "张三", Other, "13800138000", "a@b.cn")))!
            .AsObject().Select(p => p.Key);

        Assert.Equal(["code", "email", "id", "name", "phone", "unitId"], keys);
    }

    public static TheoryData<string> SecretFacts => ["account.created", "account.password-changed", "account.disabled", "token.issued"];

    private static IFact SecretFact(string type) => type switch
    {
        "account.created" => new AccountCreated(Id, "zhangsan", Other, "SECRET-HASH", "SECRET-STAMP"),
        "account.password-changed" => new PasswordChanged(Id, "SECRET-HASH", "SECRET-STAMP"),
        "account.disabled" => new AccountDisabledChanged(Id, true, "SECRET-STAMP"),
        "token.issued" => new TokenIssued(Id, Other, "cli", "SECRET-HASH"),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    [Theory]
    [MemberData(nameof(SecretFacts))]
    public void SerializeFact_JsonIgnoredSecrets_NeverAppear(string type)
    {
        var fact = SecretFact(type);

        var json = CanonicalJson.SerializeFact(fact);

        Assert.Equal(type, fact.Type);
        Assert.DoesNotContain("SECRET", json, StringComparison.Ordinal);
        Assert.DoesNotContain("passwordHash", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("securityStamp", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tokenHash", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SerializeFact_AccountCreated_KeepsNonSecretFields() =>
        Assert.Equal(
            """{"id":"0197a000-0000-7000-8000-000000000001","personId":"0197a000-0000-7000-8000-000000000002","username":"zhangsan"}""",
            CanonicalJson.SerializeFact(new AccountCreated(Id, "zhangsan", Other, "SECRET-HASH", "SECRET-STAMP")));

    [Fact]
    public void SerializeFact_Output_IsAlreadyCanonical()
    {
        var json = CanonicalJson.SerializeFact(new PostCreated(Id, Other, "副局长", "deputy", Other));

        Assert.Equal(json, Canonical(json));
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json).RootElement.ValueKind);
    }
}
