using MockApiServer.Machinery;

namespace MockApiServer.Tests.Machinery;

public sealed class FieldSelectorTests
{
    private static readonly HashSet<string> PodFields = ["metadata.name", "metadata.namespace", "status.phase", "spec.nodeName"];

    private static readonly Dictionary<string, string> Pod = new() { ["metadata.name"] = "web-0", ["metadata.namespace"] = "default", ["status.phase"] = "Running" };

    private static FieldSelector Parse(string? text) => FieldSelector.Parse(text, PodFields);

    private static bool MatchesPod(FieldSelector selector) => selector.Matches(f => Pod.GetValueOrDefault(f));

    [Theory]
    [InlineData("status.phase=Running", true)]
    [InlineData("status.phase==Running", true)]
    [InlineData("status.phase!=Running", false)]
    [InlineData("status.phase=Pending", false)]
    [InlineData("status.phase==Pending", false)]
    [InlineData("status.phase!=Pending", true)]
    public void Matches_EachOperator_AgainstARunningPod(string text, bool matches) =>
        Assert.Equal(matches, MatchesPod(Parse(text)));

    [Theory]
    [InlineData("spec.nodeName=", true)]
    [InlineData("spec.nodeName!=", false)]
    [InlineData("spec.nodeName!=node-1", true)]
    [InlineData("spec.nodeName=node-1", false)]
    public void Matches_FieldWithoutValue_AsTheEmptyString(string text, bool matches) =>
        Assert.Equal(matches, MatchesPod(Parse(text)));

    [Theory]
    [InlineData("metadata.name=web-0,status.phase=Running", true)]
    [InlineData("metadata.name=web-0,status.phase!=Running", false)]
    public void Matches_Commas_AndTheTerms(string text, bool matches) =>
        Assert.Equal(matches, MatchesPod(Parse(text)));

    [Theory]
    [InlineData("status.phase=Running", true, "Running")]
    [InlineData("status.phase==Running", true, "Running")]
    [InlineData("status.phase!=Running", false, "Running")]
    public void Parse_EachOperator_ReadsOneTerm(string text, bool equal, string value) =>
        Assert.Equal(new FieldSelector.Term("status.phase", equal, value), Assert.Single(Parse(text).Terms));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Parse_NothingOrBlank_MatchesEverything(string? text)
    {
        var selector = Parse(text);

        Assert.True(selector.IsEmpty);
        Assert.True(selector.Matches(_ => null));
    }

    [Fact]
    public void Parse_SpacesAroundTheField_AreTrimmedButTheValueIsKept() =>
        Assert.Equal(new FieldSelector.Term("status.phase", true, " Running"), Assert.Single(Parse("  status.phase = Running").Terms));

    [Theory]
    [InlineData(@"metadata.name=a\,b", "a,b")]
    [InlineData(@"metadata.name=a\=b", "a=b")]
    [InlineData(@"metadata.name=a\\b", @"a\b")]
    public void Parse_EscapedValue_IsUnescapedAndNotSplit(string text, string value) =>
        Assert.Equal(value, Assert.Single(Parse(text).Terms).Value);

    [Fact]
    public void Parse_EscapedOperatorInTheValue_SplitsAtTheFirstUnescapedOne() =>
        Assert.Equal(new FieldSelector.Term("metadata.name", false, "x=y"), Assert.Single(Parse(@"metadata.name!=x\=y").Terms));

    [Fact]
    public void Parse_UnsupportedField_IsBadRequest() =>
        AssertBadRequest("spec.foo=bar", "field label not supported: spec.foo");

    [Fact]
    public void Parse_TermWithoutOperator_IsBadRequest() =>
        AssertBadRequest("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'");

    [Fact]
    public void Parse_UnknownEscape_IsBadRequest() =>
        AssertBadRequest(@"metadata.name=a\nb", @"invalid field selector: invalid escape sequence: \n");

    [Fact]
    public void RequiredValue_IsTheEqualityTermsValue()
    {
        var selector = Parse("status.phase!=Failed,metadata.name=web-0");

        Assert.Equal("web-0", selector.RequiredValue("metadata.name"));
        Assert.Null(selector.RequiredValue("status.phase"));
        Assert.Null(selector.RequiredValue("spec.nodeName"));
    }

    [Fact]
    public void ToString_IsTheCanonicalForm() =>
        Assert.Equal("metadata.name=web-0,status.phase!=Failed", Parse("metadata.name==web-0,status.phase!=Failed").ToString());

    private static void AssertBadRequest(string text, string message)
    {
        var e = Assert.Throws<ApiException>(() => Parse(text));
        Assert.Equal(400, e.Code);
        Assert.Equal("BadRequest", e.Reason);
        Assert.Equal(message, e.Status.Message);
    }
}
