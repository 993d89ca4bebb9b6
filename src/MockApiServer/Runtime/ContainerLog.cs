using System.Text;

namespace MockApiServer.Runtime;

/// <summary>
/// The log of one running process: lines appended as the process writes them (stdout and
/// stderr interleaved, as the container runtime's log file holds them), each stamped when its
/// newline arrived. Readers take snapshots; <see cref="WaitAsync"/> wakes a follower when more came.
/// Thread-safe.
/// </summary>
public sealed class ContainerLog(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly List<LogLine> _lines = [];
    private TaskCompletionSource _grown = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<LogLine> Lines
    {
        get { lock (_gate) return [.. _lines]; }
    }

    public void Append(string text)
    {
        TaskCompletionSource grown;
        lock (_gate)
        {
            _lines.Add(new LogLine(time.GetUtcNow(), text));
            grown = _grown;
            _grown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        grown.TrySetResult();
    }

    /// <summary>Completes when the log holds more than <paramref name="count"/> lines.</summary>
    public Task WaitAsync(int count, CancellationToken cancellation)
    {
        lock (_gate) return _lines.Count > count ? Task.CompletedTask : _grown.Task.WaitAsync(cancellation);
    }

    /// <summary>A writer that appends each completed line; what is left without a newline is appended on flush.</summary>
    public TextWriter Writer() => new LineWriter(this);

    private sealed class LineWriter(ContainerLog log) : TextWriter
    {
        private readonly StringBuilder _pending = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_pending)
            {
                if (value == '\n') FlushLine();
                else if (value != '\r') _pending.Append(value);
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? "") Write(c);
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

        public override void Flush()
        {
            lock (_pending) if (_pending.Length > 0) FlushLine();
        }

        private void FlushLine()
        {
            log.Append(_pending.ToString());
            _pending.Clear();
        }
    }
}
