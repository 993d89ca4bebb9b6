using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// kube-apiserver's static token file (--token-auth-file: CSV of token,user,uid[,"group1,group2"]):
/// with it, every request but the health checks needs "Authorization: Bearer TOKEN", and a
/// missing or unknown token gets a 401 Unauthorized Status. Tokens are never logged. The /ui page's
/// own files hold no cluster data and are open too (the page sends the token it is given in ?token=).
/// </summary>
public sealed class TokenAuthentication(RequestDelegate next, TokenFile tokens)
{
    private static readonly string[] OpenPaths = ["/healthz", "/livez", "/readyz"];

    public async Task InvokeAsync(HttpContext ctx)
    {
        if (tokens.IsEmpty || OpenPaths.Contains(ctx.Request.Path.Value) || ctx.Request.Path.StartsWithSegments("/ui", StringComparison.Ordinal))
        {
            await next(ctx).ConfigureAwait(false);
            return;
        }
        var header = ctx.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (token is null || !tokens.TryGetUser(token, out var user))
        {
            await Responses.StatusAsync(ctx, StatusErrors.Unauthorized().Status).ConfigureAwait(false);
            return;
        }
        ctx.Items["user"] = user;
        await next(ctx).ConfigureAwait(false);
    }
}

/// <summary>The parsed token file; empty when authentication is off.</summary>
public sealed class TokenFile(IReadOnlyDictionary<string, string> users)
{
    public static readonly TokenFile None = new(new Dictionary<string, string>());

    public bool IsEmpty => users.Count == 0;

    public bool TryGetUser(string token, out string user) => users.TryGetValue(token, out user!);

    /// <exception cref="OptionsException">The file is missing or a line lacks token, user and uid.</exception>
    public static TokenFile Load(string? path)
    {
        if (string.IsNullOrEmpty(path)) return None;
        if (!File.Exists(path)) throw new OptionsException($"--token-auth-file: {path} does not exist");
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var fields = line.Split(',', 4);
            if (fields.Length < 3 || fields.Take(3).Any(f => f.Trim().Length == 0))
                throw new OptionsException($"--token-auth-file: {path} line {lineNumber}: expected token,user,uid[,groups]");
            users[fields[0].Trim()] = fields[1].Trim();
        }
        return new TokenFile(users);
    }
}
