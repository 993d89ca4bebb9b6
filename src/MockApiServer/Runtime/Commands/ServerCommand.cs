namespace MockApiServer.Runtime.Commands;

/// <summary>
/// The servers of the catalogue's images run as a command (<c>command: ["nginx", "-g", "daemon off;"]</c>,
/// <c>redis-server</c>, <c>/pause</c>…): they print their start lines and run until stopped.
/// </summary>
public sealed class ServerCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["nginx", "httpd", "httpd-foreground", "redis-server", "postgres", "mysqld", "pause", "serve_hostname"];

    public async Task<int> RunAsync(ExecContext ctx)
    {
        // nginx started in another image still prints nginx's lines; the log is chosen by image.
        var image = PodContainers.Find(ctx.Pod, ctx.ContainerName)?.Image;
        if (ProgramName(ctx) == "nginx" && Images.ImageCatalogue.Repository(image) != "nginx") image = "nginx";
        foreach (var line in ContainerLogs.StartLines(ctx.ContainerName, image, ctx.Time.GetUtcNow(), ctx.Container.RestartCount + 1))
            await ctx.Stdout.WriteAsync(line.Text + "\n").ConfigureAwait(false);
        await Task.Delay(Timeout.InfiniteTimeSpan, ctx.Time, ctx.Cancellation).ConfigureAwait(false);
        return 0;
    }

    private static string ProgramName(ExecContext ctx) => ctx.Args[0][(ctx.Args[0].LastIndexOf('/') + 1)..];
}
