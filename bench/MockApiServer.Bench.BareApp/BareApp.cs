namespace MockApiServer.Bench.BareApp;

/// <summary>
/// A bare ASP.NET Core app (the default builder, one endpoint): what the server's start-up is
/// compared with. The bench starts it with the server's own switches (<c>--urls</c>) and times
/// process start → first 200 from <c>/readyz</c>. A named class rather than top-level statements,
/// so its Program does not clash with the server's in the bench.
/// </summary>
public static class BareApp
{
    public static void Main(string[] args)
    {
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/readyz", () => "ok");
        app.Run();
    }
}
