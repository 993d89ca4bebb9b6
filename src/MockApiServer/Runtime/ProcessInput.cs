using System.IO.Pipelines;
using System.Text;

namespace MockApiServer.Runtime;

/// <summary>
/// What a process reads as stdin, fed by whoever holds its stream (an attach or exec session).
/// Without a terminal the bytes pass straight through. With one (<c>tty: true</c>, <c>exec -t</c>)
/// they pass through the pty's line discipline in canonical mode, as a shell's terminal has it:
/// each typed character is echoed, a line reaches the process when Enter arrives (CR, echoed as
/// CRLF), backspace erases the last character, ^C discards the line, ^U the line, ^D on an empty
/// line ends input, and escape sequences (arrow keys) are swallowed — there is no line editor.
/// </summary>
public sealed class ProcessInput
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0));
    private readonly TextWriter? _echo;
    private readonly StringBuilder _line = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _escape; // 0 none, 1 after ESC, 2 inside "ESC [" until its final byte
    private bool _closed;

    /// <param name="echo">The terminal's screen for a tty (echo goes there); null for plain stdin.</param>
    public ProcessInput(TextWriter? echo)
    {
        _echo = echo;
        Reader = new StreamReader(_pipe.Reader.AsStream(), new UTF8Encoding(false));
    }

    /// <summary>The process's end: what it reads.</summary>
    public TextReader Reader { get; }

    public bool IsTerminal => _echo is not null;

    /// <summary>Delivers what a client sent on its stdin stream.</summary>
    public async Task WriteAsync(string text, CancellationToken cancellation = default)
    {
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (_closed) return;
            if (_echo is null)
            {
                await _pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(text), cancellation).ConfigureAwait(false);
                return;
            }
            foreach (var c in text) await TypeAsync(c, cancellation).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Copies a client's stdin stream in until it ends; <paramref name="closeAtEnd"/> then ends the process's input too.</summary>
    public async Task PumpAsync(Stream from, bool closeAtEnd, CancellationToken cancellation)
    {
        using var reader = new StreamReader(from, new UTF8Encoding(false));
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
                await WriteAsync(new string(buffer, 0, read), cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (closeAtEnd) await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>End of input: the process reads what is left, then end of file.</summary>
    public async Task CloseAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closed) return;
            _closed = true;
            if (_line.Length > 0) await _pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(_line.ToString())).ConfigureAwait(false);
            await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task TypeAsync(char c, CancellationToken cancellation)
    {
        if (_escape == 1)
        {
            _escape = c == '[' ? 2 : 0;
            return;
        }
        if (_escape == 2)
        {
            if (c is >= '@' and <= '~') _escape = 0;
            return;
        }
        switch (c)
        {
            case '\x1b':
                _escape = 1;
                return;
            case '\r' or '\n':
                await EchoAsync("\r\n").ConfigureAwait(false);
                _line.Append('\n');
                await _pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(_line.ToString()), cancellation).ConfigureAwait(false);
                _line.Clear();
                return;
            case '\x7f' or '\b':
                if (_line.Length == 0) return;
                _line.Length--;
                await EchoAsync("\b \b").ConfigureAwait(false);
                return;
            case '\x03':
                _line.Clear();
                await EchoAsync("^C\r\n").ConfigureAwait(false);
                return;
            case '\x15':
                await EchoAsync(string.Concat(Enumerable.Repeat("\b \b", _line.Length))).ConfigureAwait(false);
                _line.Clear();
                return;
            case '\x04':
                if (_line.Length > 0)
                {
                    await _pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(_line.ToString()), cancellation).ConfigureAwait(false);
                    _line.Clear();
                    return;
                }
                _closed = true;
                await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
                return;
            default:
                if (char.IsControl(c) && c != '\t') return;
                _line.Append(c);
                await EchoAsync(c.ToString()).ConfigureAwait(false);
                return;
        }
    }

    private async Task EchoAsync(string text)
    {
        await _echo!.WriteAsync(text).ConfigureAwait(false);
        await _echo.FlushAsync().ConfigureAwait(false);
    }
}
