namespace MockApiServer.Machinery;

/// <summary>An authenticated user as kube-apiserver's user.Info: name, uid and groups.</summary>
public sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups)
{
    public const string AuthenticatedGroup = "system:authenticated";

    /// <summary>What a request without credentials is, with anonymous authentication on (the default).</summary>
    public static readonly UserInfo Anonymous = new("system:anonymous", "", ["system:unauthenticated"]);

    /// <summary>An authenticated user: its groups and system:authenticated, which the authenticator adds to every one.</summary>
    public static UserInfo Authenticated(string name, string uid, IEnumerable<string> groups) =>
        new(name, uid, [.. groups.Where(g => g != AuthenticatedGroup), AuthenticatedGroup]);
}

/// <summary>The user of the request being served (scoped per request; anonymous until authentication says otherwise).</summary>
public sealed class RequestUser
{
    public UserInfo User { get; set; } = UserInfo.Anonymous;
}
