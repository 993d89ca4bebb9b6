using MockApiServer.Machinery;

namespace MockApiServer.Api.Spdy;

/// <summary>
/// An exec or attach session over SPDY/3.1, as the kubelet serves it to client-go's SPDY executor
/// (kubectl 1.29 and older; remotecommand's httpstream.go): after the upgrade the client opens one
/// stream per channel, each with a <c>streamType</c> header (error, stdin, stdout, stderr, resize);
/// the session starts once every stream the options ask for is there. The exit status goes on the
/// error stream (a Status from v4.channel.k8s.io on, an error text before), then every stream is
/// closed and the client hangs up.
/// </summary>
public sealed class SpdyCommandSession : IRemoteCommandSession
{
    /// <summary>The kubelet's supportedStreamProtocols, in its order.</summary>
    public static readonly string[] Protocols = ["v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"];

    /// <summary>The kubelet waits this long (streamCreationTimeout) for the client's streams.</summary>
    private static readonly TimeSpan StreamCreation = TimeSpan.FromSeconds(30);

    /// <summary>The streams a session expects (stderr is not opened with a tty; resize only with one).</summary>
    public sealed record Streams(bool Stdin, bool Stdout, bool Stderr, bool Tty)
    {
        public IEnumerable<string> Types()
        {
            yield return "error";
            if (Stdin) yield return "stdin";
            if (Stdout) yield return "stdout";
            if (Stderr && !Tty) yield return "stderr";
            if (Tty) yield return "resize";
        }
    }

    private readonly SpdyConnection _connection;
    private readonly CancellationTokenSource _gone;
    private readonly Dictionary<string, TaskCompletionSource<SpdyStream>> _streams;
    private readonly Task _running;
    private readonly TimeProvider _time;
    private readonly string _protocol;
    private SpdyStream? _stdout, _stderr;

    private SpdyCommandSession(Stream transport, string protocol, Streams streams, TimeProvider time, CancellationToken cancellation)
    {
        (_protocol, _time) = (protocol, time);
        _gone = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _streams = streams.Types().ToDictionary(t => t, _ => new TaskCompletionSource<SpdyStream>(TaskCreationOptions.RunContinuationsAsynchronously));
        _connection = new SpdyConnection(transport, stream =>
        {
            // An unexpected or repeated stream type is left alone, as the kubelet's v2+ handlers ignore it.
            if (_streams.TryGetValue(stream.Headers.GetValueOrDefault("streamtype") ?? "", out var slot)) slot.TrySetResult(stream);
            return Task.CompletedTask;
        });
        _running = RunAsync();
        StdoutWriter = SendingStream.Writer((data, _) => _stdout?.WriteAsync(data) ?? Task.CompletedTask);
        StderrWriter = SendingStream.Writer((data, _) => _stderr?.WriteAsync(data) ?? Task.CompletedTask);
    }

    public Stream StdinStream { get; private set; } = Stream.Null;

    public TextWriter StdoutWriter { get; }

    public TextWriter StderrWriter { get; }

    public CancellationToken Aborted => _gone.Token;

    /// <summary>httpstream.Handshake: the first protocol the client offers that the kubelet supports; refusals are Statuses (before the 101).</summary>
    public static string Handshake(HttpContext ctx)
    {
        if (!ctx.Request.Headers.TryGetValue("X-Stream-Protocol-Version", out var values) || values.Count == 0)
            throw StatusErrors.BadRequest($"unable to upgrade: header X-Stream-Protocol-Version does not exist in request with {ctx.Request.Headers.Count} headers");
        var offered = values.SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        if (offered.Count == 0)
            throw StatusErrors.BadRequest($"unable to upgrade: header X-Stream-Protocol-Version contains [{string.Join(" ", values.ToArray())}], but no valid protocols");
        return offered.FirstOrDefault(p => Protocols.Contains(p, StringComparer.Ordinal))
            ?? throw StatusErrors.Failure(403, "Forbidden",
                $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(" ", offered)}], server accepts [{string.Join(" ", Protocols)}]");
    }

    /// <summary>Runs SPDY on the upgraded <paramref name="transport"/> and waits for the client's streams; null (connection closed) if they do not all come.</summary>
    public static async Task<SpdyCommandSession?> AcceptAsync(Stream transport, string protocol, Streams streams, TimeProvider time, CancellationToken cancellation)
    {
        var session = new SpdyCommandSession(transport, protocol, streams, time, cancellation);
        try
        {
            await Task.WhenAll(session._streams.Values.Select(s => s.Task)).WaitAsync(StreamCreation, time, session.Aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        session._stdout = session.Opened("stdout");
        session._stderr = session.Opened("stderr");
        if (session.Opened("stdin") is { } stdin) session.StdinStream = stdin.Input;
        return session;
    }

    private SpdyStream? Opened(string type) => _streams.TryGetValue(type, out var slot) ? slot.Task.Result : null;

    private async Task RunAsync()
    {
        try
        {
            await _connection.RunAsync(_gone.Token).ConfigureAwait(false);
        }
        finally
        {
            await _gone.CancelAsync().ConfigureAwait(false);
        }
    }

    public async Task FinishAsync(int exitCode, IReadOnlyList<string> command, string? internalError, CancellationToken cancellation)
    {
        var error = Opened("error")!;
        if (RemoteCommandStatus.Bytes(exitCode, command, internalError, _protocol == "v4.channel.k8s.io") is { } status)
            await error.WriteAsync(status).ConfigureAwait(false);
        foreach (var slot in _streams.Values) await slot.Task.Result.CloseAsync().ConfigureAwait(false);
        // The kubelet closes the connection here; client-go hangs up itself once its streams end.
        await Task.WhenAny(_running, Task.Delay(TimeSpan.FromSeconds(5), _time, CancellationToken.None)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _gone.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gone.Dispose();
    }
}
