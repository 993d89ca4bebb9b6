using System.Threading.Channels;

namespace MockApiServer.Bench;

/// <summary>
/// The watch fan-out ceiling: a bare Kestrel app where each POST /publish body becomes one
/// watch-event line ({"type":"ADDED","object":…}, encoded once) written to every open
/// GET /watch stream, each stream draining what is waiting before one flush, as a fan-out with
/// no API machinery would.
/// </summary>
public sealed class BareFanOut : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<Channel<byte[]>> _watchers = [];
    private readonly Lock _gate = new();

    private BareFanOut(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<BareFanOut> StartAsync()
    {
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var fanOut = new BareFanOut(app, url);
        app.MapGet("/watch", fanOut.WatchAsync);
        app.MapPost("/publish", fanOut.PublishAsync);
        await app.StartAsync();
        return fanOut;
    }

    private async Task WatchAsync(HttpContext ctx)
    {
        var channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate) _watchers.Add(channel);
        try
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.StartAsync(ctx.RequestAborted);
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            while (await channel.Reader.WaitToReadAsync(ctx.RequestAborted))
            {
                while (channel.Reader.TryRead(out var line)) await ctx.Response.Body.WriteAsync(line, ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_gate) _watchers.Remove(channel);
        }
    }

    private async Task PublishAsync(HttpContext ctx)
    {
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body);
        var line = System.Text.Encoding.UTF8.GetBytes($"{{\"type\":\"ADDED\",\"object\":{System.Text.Encoding.UTF8.GetString(body.ToArray())}}}\n");
        lock (_gate)
        {
            foreach (var watcher in _watchers) watcher.Writer.TryWrite(line);
        }
        ctx.Response.StatusCode = 201;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
