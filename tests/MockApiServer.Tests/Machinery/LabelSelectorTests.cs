using MockApiServer.Machinery;
using static MockApiServer.Machinery.LabelSelector;

namespace MockApiServer.Tests.Machinery;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "front", ["replicas"] = "3" };

    [Theory]
    [InlineData("app=web", Operator.Equals, "web")]
    [InlineData("app==web", Operator.Equals, "web")]
    [InlineData("app!=web", Operator.NotEquals, "web")]
    [InlineData("app in (web)", Operator.In, "web")]
    [InlineData("app notin (web)", Operator.NotIn, "web")]
    [InlineData("app", Operator.Exists, null)]
    [InlineData("!app", Operator.DoesNotExist, null)]
    [InlineData("replicas>2", Operator.GreaterThan, "2")]
    [InlineData("replicas<2", Operator.LessThan, "2")]
    public void Parse_EachOperator_ReadsOneRequirement(string text, Operator op, string? value)
    {
        var requirement = Assert.Single(Parse(text).Requirements);

        Assert.Equal(op, requirement.Op);
        Assert.Equal(value is null ? [] : [value], requirement.Values);
    }

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app=db", false)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app!=db", true)]
    [InlineData("missing!=web", true)]
    [InlineData("app in (db,web)", true)]
    [InlineData("app in (db,cache)", false)]
    [InlineData("missing in (web)", false)]
    [InlineData("app notin (db,web)", false)]
    [InlineData("app notin (db,cache)", true)]
    [InlineData("missing notin (web)", true)]
    [InlineData("app", true)]
    [InlineData("missing", false)]
    [InlineData("!app", false)]
    [InlineData("!missing", true)]
    [InlineData("replicas>2", true)]
    [InlineData("replicas>3", false)]
    [InlineData("replicas<4", true)]
    [InlineData("replicas<3", false)]
    [InlineData("app>1", false)]
    [InlineData("missing<9", false)]
    public void Matches_EachOperator_AgainstWebLabels(string text, bool matches) =>
        Assert.Equal(matches, Parse(text).Matches(Web));

    [Theory]
    [InlineData("app=web,tier=front", true)]
    [InlineData("app=web,tier=back", false)]
    [InlineData("app=web,!missing,tier in (front)", true)]
    public void Matches_Commas_AndTheRequirements(string text, bool matches) =>
        Assert.Equal(matches, Parse(text).Matches(Web));

    [Theory]
    [InlineData("app", false)]
    [InlineData("!app", true)]
    [InlineData("app!=web", true)]
    [InlineData("app notin (web)", true)]
    [InlineData("app=web", false)]
    public void Matches_NoLabels_OnlyTheAbsenceOperators(string text, bool matches) =>
        Assert.Equal(matches, Parse(text).Matches(null));

    [Theory]
    [InlineData("  app = web  ,  tier  in  ( front , back )  ")]
    [InlineData("app=web,tier in(back,front)")]
    [InlineData("\tapp=web,\ttier in (front,back)")]
    public void Parse_Whitespace_IsIgnoredAroundTokens(string text) =>
        Assert.Equal("app=web,tier in (back,front)", Parse(text).ToString());

    [Fact]
    public void Parse_NotWithSpaceBeforeKey_IsDoesNotExist() =>
        Assert.Equal("!app", Parse("! app").ToString());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_NothingOrBlank_MatchesEverything(string? text)
    {
        var selector = Parse(text);

        Assert.True(selector.IsEmpty);
        Assert.True(selector.Matches(null));
    }

    [Fact]
    public void Parse_SetValues_AreSortedAndDeduplicated() =>
        Assert.Equal(["a", "b", "c"], Assert.Single(Parse("k in (c,a,b,a)").Requirements).Values);

    [Fact]
    public void Parse_EmptyValue_IsAllowed()
    {
        var selector = Parse("app=");

        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "" }));
        Assert.False(selector.Matches(Web));
    }

    [Fact]
    public void Parse_EmptyValueInSet_IsAllowed() =>
        Assert.Equal(["", "web"], Assert.Single(Parse("app in (,web)").Requirements).Values);

    [Fact]
    public void Parse_PrefixedKey_IsAccepted() =>
        Assert.Equal("example.com/tier", Assert.Single(Parse("example.com/tier=web").Requirements).Key);

    [Theory]
    [InlineData("app=web tier=front", "unable to parse requirement: found 't', expected: ',' or 'end of string'")]
    [InlineData("a==b=c", "unable to parse requirement: found '=', expected: ',' or 'end of string'")]
    [InlineData("app is web", "unable to parse requirement: found 'is', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("app in web", "unable to parse requirement: found 'w', expected: '('")]
    [InlineData("app in (web", "unable to parse requirement: found '', expected: ',', or ')'")]
    [InlineData("app in (web db)", "unable to parse requirement: found 'd', expected: ',', or ')'")]
    [InlineData("app in ()", "unable to parse requirement: values: Required value: for 'in', 'notin' operators, values set can't be empty")]
    [InlineData("app notin ( )", "unable to parse requirement: values: Required value: for 'in', 'notin' operators, values set can't be empty")]
    [InlineData("=web", "unable to parse requirement: found '=', expected: identifier")]
    [InlineData("app=web,", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("replicas>many", "unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer")]
    public void Parse_BadSyntax_IsBadRequestWithKubernetesMessage(string text, string message) =>
        AssertBadRequest(text, message);

    [Fact]
    public void Parse_InvalidKey_IsBadRequestNamingTheKey() =>
        AssertBadRequest("-app=web",
            "unable to parse requirement: key: Invalid value: \"-app\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");

    [Fact]
    public void Parse_KeyWithEmptyPrefix_IsBadRequest() =>
        AssertBadRequest("/app=web", "unable to parse requirement: key: Invalid value: \"/app\": prefix part must be non-empty");

    [Fact]
    public void Parse_InvalidValue_IsBadRequestNamingTheValue() =>
        AssertBadRequest("app=-web",
            "unable to parse requirement: values[0]: Invalid value: \"-web\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");

    [Fact]
    public void Parse_ValueLongerThan63_IsBadRequest() =>
        AssertBadRequest("app=" + new string('v', 64),
            $"unable to parse requirement: values[0]: Invalid value: \"{new string('v', 64)}\": must be no more than 63 characters");

    [Fact]
    public void FromMap_IsEqualityOnEveryKeyInKeyOrder()
    {
        var selector = FromMap(new Dictionary<string, string> { ["tier"] = "front", ["app"] = "web" });

        Assert.Equal("app=web,tier=front", selector.ToString());
        Assert.True(selector.Matches(Web));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web" }));
    }

    [Fact]
    public void FromMap_NullOrEmpty_IsEverything()
    {
        Assert.Same(Everything, FromMap(null));
        Assert.Same(Everything, FromMap(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("app==web", "app=web")]
    [InlineData("app notin (b,a)", "app notin (a,b)")]
    [InlineData("!app,tier", "!app,tier")]
    [InlineData("replicas>2,replicas<5", "replicas>2,replicas<5")]
    public void ToString_IsTheCanonicalForm(string text, string canonical) =>
        Assert.Equal(canonical, Parse(text).ToString());

    private static void AssertBadRequest(string text, string message)
    {
        var e = Assert.Throws<ApiException>(() => Parse(text));
        Assert.Equal(400, e.Code);
        Assert.Equal("BadRequest", e.Reason);
        Assert.Equal(message, e.Status.Message);
    }
}
