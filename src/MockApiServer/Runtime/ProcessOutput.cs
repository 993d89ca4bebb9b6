using System.Text;
using System.Threading.Channels;

namespace MockApiServer.Runtime;

/// <summary>
/// A container process's stdout and stderr as they are written: into its log (line by line) and,
/// as raw text, to every attached session — a prompt without a newline included. On a terminal
/// a newline goes out as CRLF (the pty's onlcr), in the log as in the sessions. Sessions see what is
/// written after they attach, as <c>kubectl attach</c> does; earlier output is in the log.
/// </summary>
public sealed class ProcessOutput(TextWriter log, bool terminal) : TextWriter
// (log: the container's log writer, or for an exec session with a tty the session's stdout itself.)
{
    private readonly object _gate = new();
    private readonly List<ChannelWriter<string>> _sessions = [];
    private bool _completed;

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>A session's view of the output from now on; disposing the subscription ends it.</summary>
    public Subscription Attach()
    {
        var channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            // A session that comes after the end (the process exited while it connected) ends at once.
            if (_completed) channel.Writer.TryComplete();
            else _sessions.Add(channel.Writer);
        }
        return new Subscription(this, channel);
    }

    /// <summary>No more output: the process ended; every session's reader completes.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            foreach (var session in _sessions) session.TryComplete();
            _sessions.Clear();
        }
        log.Flush();
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (terminal) value = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        lock (_gate)
        {
            log.Write(value);
            foreach (var session in _sessions) session.TryWrite(value);
        }
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    // Sessions get every write at once; the log keeps an unfinished line (a prompt) open until
    // its newline or the process's end, so a flush between prompt and echo splits no log line.
    public override void Flush() { }

    public override Task FlushAsync() => Task.CompletedTask;

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>One attached session's stream of output.</summary>
    public sealed class Subscription(ProcessOutput output, Channel<string> channel) : IDisposable
    {
        public ChannelReader<string> Reader => channel.Reader;

        public void Dispose()
        {
            lock (output._gate) output._sessions.Remove(channel.Writer);
            channel.Writer.TryComplete();
        }
    }
}
