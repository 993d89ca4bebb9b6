using MockApiServer.Machinery;

namespace MockApiServer.Tests.Machinery;

public class HumanDurationTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(5, "5s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(5 * 60 + 30, "5m30s")]
    [InlineData(10 * 60, "10m")]
    [InlineData(45 * 60, "45m")]
    [InlineData(179 * 60 + 59, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(3 * 3600 + 5 * 60, "3h5m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(47 * 3600 + 59 * 60, "47h")]
    [InlineData(3 * 86400, "3d")]
    [InlineData(3 * 86400 + 4 * 3600, "3d4h")]
    [InlineData(10 * 86400, "10d")]
    [InlineData(400 * 86400, "400d")]
    [InlineData(2 * 365 * 86400 + 70 * 86400, "2y70d")]
    [InlineData(3 * 365 * 86400, "3y")]
    [InlineData(9 * 365 * 86400, "9y")]
    public void Format_ElapsedSeconds_PrintsApimachineryHumanDuration(long seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Format_LessThanTwoSecondsInTheFuture_IsZeroSeconds()
    {
        Assert.Equal("0s", HumanDuration.Format(TimeSpan.FromMilliseconds(-500)));
        Assert.Equal("0s", HumanDuration.Format(TimeSpan.FromMilliseconds(-1999)));
    }

    [Fact]
    public void Format_TwoSecondsOrMoreInTheFuture_IsInvalid() =>
        Assert.Equal("<invalid>", HumanDuration.Format(TimeSpan.FromSeconds(-2)));

    [Fact]
    public void Format_FractionsOfAMinute_AreTruncatedNotRounded() =>
        Assert.Equal("9m59s", HumanDuration.Format(TimeSpan.FromSeconds(599.999)));

    [Fact]
    public void Age_WithoutTimestamp_IsUnknown()
    {
        var now = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal("<unknown>", HumanDuration.Age(null, now));
        Assert.Equal("<unknown>", HumanDuration.Age(default(DateTime), now));
    }

    [Fact]
    public void Age_UnspecifiedKindTimestamp_CountsAsUtc()
    {
        var now = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var created = new DateTime(2024, 12, 31, 23, 59, 8, DateTimeKind.Unspecified);
        Assert.Equal("52s", HumanDuration.Age(created, now));
    }
}
