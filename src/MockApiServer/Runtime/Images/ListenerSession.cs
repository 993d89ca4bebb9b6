using System.Globalization;
using System.Text;

namespace MockApiServer.Runtime.Images;

/// <summary>
/// What a listener says over a real byte stream (a port-forward, a NodePort on the host): an
/// HTTP server reads requests (keep-alive, Content-Length or chunked bodies) and answers each with
/// <see cref="ImageHttp"/>; redis answers PING, ECHO and QUIT in RESP or inline form and refuses
/// the rest as redis does; any other server reads and says nothing, so the client sees the
/// connection open and silent. Ends when the client closes its side or the server closes.
/// </summary>
public static class ListenerSession
{
    /// <remarks><c>hostname</c>: The serving pod's hostname. <c>client</c>: "ip:port" as the server sees the peer.</remarks>
    public static async Task RunAsync(Listener listener, string hostname, string client, Stream input, Func<ReadOnlyMemory<byte>, Task> send, TimeProvider time, CancellationToken cancellation)
    {
        var reader = new LineReader(input);
        if (listener.Kind == ServerKind.Redis) await RedisAsync(reader, send, cancellation).ConfigureAwait(false);
        else if (listener.Kind == ServerKind.TcpOnly) await reader.DrainAsync(cancellation).ConfigureAwait(false);
        else await HttpAsync(listener, hostname, client, reader, send, time, cancellation).ConfigureAwait(false);
    }

    private static async Task HttpAsync(Listener listener, string hostname, string client, LineReader reader, Func<ReadOnlyMemory<byte>, Task> send, TimeProvider time, CancellationToken cancellation)
    {
        while (await reader.ReadLineAsync(cancellation).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0) continue;
            var parts = line.Split(' ');
            if (parts.Length != 3 || !parts[2].StartsWith("HTTP/", StringComparison.Ordinal)) return;
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (await reader.ReadLineAsync(cancellation).ConfigureAwait(false) is { Length: > 0 } header)
            {
                var colon = header.IndexOf(':');
                if (colon > 0) headers[header[..colon].Trim()] = header[(colon + 1)..].Trim();
            }
            if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                await reader.SkipChunkedAsync(cancellation).ConfigureAwait(false);
            else if (headers.TryGetValue("Content-Length", out var length) && long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                await reader.SkipAsync(n, cancellation).ConfigureAwait(false);
            var (method, target) = (parts[0], parts[1]);
            if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)) target = absolute.PathAndQuery;
            var answer = ImageHttp.Answer(listener, method, target, hostname, client, time.GetUtcNow());
            if (answer is null) return;
            var response = answer.Head(time.GetUtcNow()) + (method == "HEAD" ? "" : answer.Body);
            await send(Encoding.UTF8.GetBytes(response)).ConfigureAwait(false);
            var close = headers.TryGetValue("Connection", out var connection) ? connection.Equals("close", StringComparison.OrdinalIgnoreCase) : parts[2] == "HTTP/1.0";
            if (close) return;
        }
    }

    private static async Task RedisAsync(LineReader reader, Func<ReadOnlyMemory<byte>, Task> send, CancellationToken cancellation)
    {
        while (await ReadCommandAsync(reader, cancellation).ConfigureAwait(false) is { } command)
        {
            if (command.Count == 0) continue;
            var name = command[0].ToUpperInvariant();
            var reply = name switch
            {
                "PING" when command.Count == 1 => "+PONG\r\n",
                "PING" when command.Count == 2 => Bulk(command[1]),
                "ECHO" when command.Count == 2 => Bulk(command[1]),
                "QUIT" => "+OK\r\n",
                "PING" or "ECHO" => $"-ERR wrong number of arguments for '{command[0].ToLowerInvariant()}' command\r\n",
                _ => $"-ERR unknown command '{command[0]}', with args beginning with: {string.Concat(command.Skip(1).Select(a => $"'{a}' "))}\r\n",
            };
            await send(Encoding.UTF8.GetBytes(reply)).ConfigureAwait(false);
            if (name == "QUIT") return;
        }
    }

    private static string Bulk(string value) => $"${Encoding.UTF8.GetByteCount(value)}\r\n{value}\r\n";

    /// <summary>A RESP array of bulk strings (what redis-cli sends), or an inline command line.</summary>
    private static async Task<List<string>?> ReadCommandAsync(LineReader reader, CancellationToken cancellation)
    {
        var line = await reader.ReadLineAsync(cancellation).ConfigureAwait(false);
        if (line is null) return null;
        if (!line.StartsWith('*')) return [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        if (!int.TryParse(line[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return null;
        var args = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var size = await reader.ReadLineAsync(cancellation).ConfigureAwait(false);
            if (size is null || !size.StartsWith('$')) return null;
            args.Add(await reader.ReadLineAsync(cancellation).ConfigureAwait(false) ?? "");
        }
        return args;
    }

    /// <summary>CRLF (or LF) lines and counted bytes from a stream, buffered.</summary>
    private sealed class LineReader(Stream input)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start, _end;

        private async Task<bool> FillAsync(CancellationToken cancellation)
        {
            if (_start == _end) _start = _end = 0;
            if (_end == _buffer.Length)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                (_end, _start) = (_end - _start, 0);
                if (_end == _buffer.Length) return false;
            }
            var read = await input.ReadAsync(_buffer.AsMemory(_end), cancellation).ConfigureAwait(false);
            _end += read;
            return read > 0;
        }

        public async Task<string?> ReadLineAsync(CancellationToken cancellation)
        {
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    var line = Encoding.UTF8.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                    _start = newline + 1;
                    return line;
                }
                if (!await FillAsync(cancellation).ConfigureAwait(false)) return null;
            }
        }

        public async Task SkipAsync(long count, CancellationToken cancellation)
        {
            while (count > 0)
            {
                if (_start == _end && !await FillAsync(cancellation).ConfigureAwait(false)) return;
                var take = (int)Math.Min(count, _end - _start);
                (_start, count) = (_start + take, count - take);
            }
        }

        public async Task SkipChunkedAsync(CancellationToken cancellation)
        {
            while (await ReadLineAsync(cancellation).ConfigureAwait(false) is { } size)
            {
                var hex = size.Split(';')[0].Trim();
                if (!long.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var n)) return;
                if (n == 0)
                {
                    while (await ReadLineAsync(cancellation).ConfigureAwait(false) is { Length: > 0 }) { }
                    return;
                }
                await SkipAsync(n + 2, cancellation).ConfigureAwait(false);
            }
        }

        public async Task DrainAsync(CancellationToken cancellation)
        {
            _start = _end = 0;
            while (await FillAsync(cancellation).ConfigureAwait(false)) _start = _end = 0;
        }
    }
}
