using System.IO.Pipelines;
using System.Net.WebSockets;

namespace MockApiServer.Api;

/// <summary>
/// Kubernetes' channel protocols over one WebSocket (apimachinery wsstream, remotecommand): every
/// binary frame starts with its channel byte — 0 stdin, 1 stdout, 2 stderr, 3 error/status,
/// 4 resize — and v5 adds 255 "close channel" from the client. v4 and v5 carry the exit status
/// on channel 3 as a Status; older ones carry only an error text.
/// </summary>
public sealed class ChannelWebSocket : IRemoteCommandSession
{
    public const byte Stdin = 0, Stdout = 1, Stderr = 2, Error = 3, Resize = 4, Close = 255;

    /// <summary>Supported subprotocols, newest first; "" is the unnamed base protocol (channel.k8s.io).</summary>
    public static readonly string[] Protocols = ["v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"];

    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Dictionary<byte, Pipe> _inputs = [];
    // client-go's WebSocket executor starts reading before it has created its streams and drops a
    // frame for a stream it has not created yet ("Unknown stream id 1, discarding message"). A real
    // kubelet's exec takes longer than that; frames here wait until this long after the upgrade.
    private static readonly TimeSpan StreamSetup = TimeSpan.FromMilliseconds(50);

    private readonly Task _receiving;
    private readonly long _opened = Environment.TickCount64;

    public ChannelWebSocket(WebSocket socket, string protocol, CancellationToken cancellation)
    {
        _socket = socket;
        Protocol = protocol;
        Aborted = cancellation;
        _receiving = ReceiveAsync(cancellation);
        StdoutWriter = Writer(Stdout);
        StderrWriter = Writer(Stderr);
    }

    public CancellationToken Aborted { get; }

    public TextWriter StdoutWriter { get; }

    public TextWriter StderrWriter { get; }

    public string Protocol { get; }

    /// <summary>v4 and later report the exit code as a Status on the error channel.</summary>
    public bool StatusOnErrorChannel => Protocol is "v5.channel.k8s.io" or "v4.channel.k8s.io";

    /// <summary>The first protocol the client offers that is supported (wsstream's handshake keeps the client's order); null if none.</summary>
    public static string? Negotiate(IList<string> offered, IReadOnlyList<string>? supported = null)
    {
        if (offered.Count == 0) return "";
        return offered.Select(p => p.Trim()).FirstOrDefault(p => (supported ?? Protocols).Contains(p, StringComparer.Ordinal));
    }

    /// <summary>What the client writes on channel 0; ends when it closes stdin (v5) or the socket.</summary>
    public Stream StdinStream => Input(Stdin);

    /// <summary>What the client writes on <paramref name="channel"/> (port-forward: 2×i for port i); ends when it closes the channel (v5) or the socket.</summary>
    public Stream Input(byte channel) => InputPipe(channel).Reader.AsStream();

    private Pipe InputPipe(byte channel)
    {
        lock (_inputs)
        {
            if (!_inputs.TryGetValue(channel, out var pipe)) _inputs[channel] = pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
            return pipe;
        }
    }

    /// <summary>A writer whose every flush is one frame on <paramref name="channel"/>.</summary>
    public TextWriter Writer(byte channel) =>
        SendingStream.Writer((data, cancellation) => SendAsync(channel, data, cancellation));

    public async Task SendAsync(byte channel, ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        var frame = new byte[data.Length + 1];
        frame[0] = channel;
        data.CopyTo(frame.AsMemory(1));
        var early = StreamSetup.TotalMilliseconds - (Environment.TickCount64 - _opened);
        if (early > 0) await Task.Delay(TimeSpan.FromMilliseconds(early), cancellation).ConfigureAwait(false);
        await _send.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.SendAsync(frame, WebSocketMessageType.Binary, true, cancellation).ConfigureAwait(false);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Ends the session as the kubelet does: the exit status on channel 3, then a normal close.</summary>
    public async Task FinishAsync(int exitCode, IReadOnlyList<string> command, string? internalError, CancellationToken cancellation)
    {
        if (RemoteCommandStatus.Bytes(exitCode, command, internalError, StatusOnErrorChannel) is { } status)
            await SendAsync(Error, status, cancellation).ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>A normal close, waiting briefly for the client's close frame.</summary>
    public async Task CloseAsync()
    {
        await _send.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _send.Release();
        }
        // Wait (briefly) for the client's close frame, so the close handshake completes.
        await Task.WhenAny(_receiving, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
    }

    private async Task ReceiveAsync(CancellationToken cancellation)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, cancellation).ConfigureAwait(false);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close) break;
                var frame = message.ToArray();
                if (frame.Length == 0) continue;
                if (frame[0] == Close && frame.Length > 1) await InputPipe(frame[1]).Writer.CompleteAsync().ConfigureAwait(false);
                else await InputPipe(frame[0]).Writer.WriteAsync(frame.AsMemory(1), cancellation).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
        }
        finally
        {
            foreach (var pipe in Pipes()) await pipe.Writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private List<Pipe> Pipes()
    {
        lock (_inputs) return [.. _inputs.Values];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pipe in Pipes()) await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        _send.Dispose();
    }
}
