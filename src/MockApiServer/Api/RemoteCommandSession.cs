using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using MockApiServer.Api.Spdy;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// One exec or attach session as <see cref="PodExecApi"/> and <see cref="PodAttachApi"/> use it,
/// whichever transport carries it: the WebSocket channel protocols (<see cref="ChannelWebSocket"/>)
/// or SPDY/3.1 streams (<see cref="SpdyCommandSession"/>).
/// </summary>
public interface IRemoteCommandSession : IAsyncDisposable
{
    /// <summary>What the client types; ends when it closes stdin or goes away. Empty when stdin was not asked for.</summary>
    Stream StdinStream { get; }

    /// <summary>A writer whose every flush is one frame to the client's stdout.</summary>
    TextWriter StdoutWriter { get; }

    /// <summary>A writer whose every flush is one frame to the client's stderr.</summary>
    TextWriter StderrWriter { get; }

    /// <summary>Cancelled when the client goes away.</summary>
    CancellationToken Aborted { get; }

    /// <summary>Ends the session as the kubelet does: the exit status on the error stream, then everything closed.</summary>
    Task FinishAsync(int exitCode, IReadOnlyList<string> command, string? internalError, CancellationToken cancellation);
}

/// <summary>Opens a session on an exec or attach request: a WebSocket, or SPDY/3.1 over an HTTP upgrade (kubectl 1.29 and older).</summary>
public static class RemoteCommandSessions
{
    /// <summary>
    /// Accepts the upgrade. Everything that can be refused is checked before the 101, so a refusal
    /// is a Status. Null when the client never opened the streams it asked for.
    /// </summary>
    public static async Task<IRemoteCommandSession?> AcceptAsync(HttpContext ctx, SpdyCommandSession.Streams streams, TimeProvider time)
    {
        if (ctx.WebSockets.IsWebSocketRequest)
        {
            var offered = ctx.WebSockets.WebSocketRequestedProtocols;
            var protocol = ChannelWebSocket.Negotiate(offered)
                ?? throw StatusErrors.BadRequest(
                    $"requested protocol(s) are not supported: [{string.Join(" ", offered)}]; supports [{string.Join(" ", ChannelWebSocket.Protocols)}]");
            var socket = await ctx.WebSockets.AcceptWebSocketAsync(protocol.Length == 0 ? null : protocol).ConfigureAwait(false);
            return new ChannelWebSocket(socket, protocol, ctx.RequestAborted);
        }
        if (ctx.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade
            && ctx.Request.Headers.Upgrade.ToString().Equals("SPDY/3.1", StringComparison.OrdinalIgnoreCase))
        {
            var protocol = SpdyCommandSession.Handshake(ctx);
            ctx.Response.Headers.Connection = "Upgrade";
            ctx.Response.Headers.Upgrade = "SPDY/3.1";
            ctx.Response.Headers["X-Stream-Protocol-Version"] = protocol;
            var transport = await upgrade.UpgradeAsync().ConfigureAwait(false);
            return await SpdyCommandSession.AcceptAsync(transport, protocol, streams, time, ctx.RequestAborted).ConfigureAwait(false);
        }
        throw StatusErrors.BadRequest("Upgrade request required");
    }
}

/// <summary>The kubelet's exit status (remotecommand ServeExec): a Status JSON for v4 and later, an error text before.</summary>
public static class RemoteCommandStatus
{
    /// <summary>The bytes for the error stream; null when nothing is written (success before v4).</summary>
    public static byte[]? Bytes(int exitCode, IReadOnlyList<string> command, string? internalError, bool statusObject)
    {
        var nonZero = $"command terminated with non-zero exit code: error executing command [{string.Join(" ", command)}], exit code {exitCode}";
        if (!statusObject)
            return exitCode != 0 || internalError is not null ? Encoding.UTF8.GetBytes(internalError ?? nonZero) : null;
        var status = internalError is not null ? FailureJson(internalError, "InternalError", null)
            : exitCode == 0 ? """{"metadata":{},"status":"Success"}"""
            : FailureJson(nonZero, "NonZeroExitCode", exitCode);
        return Encoding.UTF8.GetBytes(status);
    }

    private static string FailureJson(string message, string reason, int? exitCode)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("metadata");
            w.WriteEndObject();
            w.WriteString("status", "Failure");
            w.WriteString("message", message);
            w.WriteString("reason", reason);
            if (exitCode is { } code)
            {
                w.WriteStartObject("details");
                w.WriteStartArray("causes");
                w.WriteStartObject();
                w.WriteString("reason", "ExitCode");
                w.WriteString("message", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }
            else w.WriteNumber("code", 500);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>A write-only stream that hands each write to <paramref name="send"/> (one frame per write).</summary>
internal sealed class SendingStream(Func<ReadOnlyMemory<byte>, CancellationToken, Task> send) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>A UTF-8 writer over it that flushes (sends) on every write.</summary>
    public static TextWriter Writer(Func<ReadOnlyMemory<byte>, CancellationToken, Task> send) =>
        new StreamWriter(new SendingStream(send), new UTF8Encoding(false), 4096) { AutoFlush = true };

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        buffer.Length == 0 ? ValueTask.CompletedTask : new ValueTask(send(buffer, cancellationToken));

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
