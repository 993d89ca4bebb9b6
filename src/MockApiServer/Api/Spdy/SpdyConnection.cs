using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;

namespace MockApiServer.Api.Spdy;

/// <summary>
/// One stream of a <see cref="SpdyConnection"/>, opened by the client: its headers, what the
/// client sends on it (ending at its FIN or a reset) and the server's half.
/// </summary>
public sealed class SpdyStream
{
    private readonly SpdyConnection _connection;
    private readonly Pipe _input = new(new PipeOptions(pauseWriterThreshold: 0));
    private int _closed;

    internal SpdyStream(SpdyConnection connection, uint id, IReadOnlyDictionary<string, string> headers)
    {
        (_connection, Id, Headers) = (connection, id, headers);
        Input = _input.Reader.AsStream();
    }

    public uint Id { get; }

    /// <summary>Header names lower-case, as SPDY/3 sends them.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public Stream Input { get; }

    internal bool Reset { get; private set; }

    internal ValueTask<FlushResult> ReceiveAsync(ReadOnlyMemory<byte> data) => _input.Writer.WriteAsync(data);

    internal void EndInput(bool reset)
    {
        Reset |= reset;
        _input.Writer.Complete();
    }

    public Task WriteAsync(ReadOnlyMemory<byte> data) => Reset || _closed != 0 ? Task.CompletedTask : _connection.SendDataAsync(Id, data, fin: false);

    /// <summary>Ends the server's half (a DATA frame with FIN); once only.</summary>
    public Task CloseAsync() => Reset || Interlocked.Exchange(ref _closed, 1) != 0 ? Task.CompletedTask : _connection.SendDataAsync(Id, ReadOnlyMemory<byte>.Empty, fin: true);
}

/// <summary>
/// The server side of SPDY/3.1 as client-go and the kubelet speak it (moby/spdystream): control
/// frames SYN_STREAM (answered by an empty SYN_REPLY), RST_STREAM, SETTINGS, PING (echoed),
/// GOAWAY, HEADERS and WINDOW_UPDATE, and DATA frames, over any byte stream — an upgraded HTTP/1.1
/// connection or a WebSocket tunnel. Header blocks are zlib with the SPDY dictionary one way and
/// zlib stored blocks (no dictionary needed) the other. No flow control: spdystream sends none.
/// </summary>
public sealed class SpdyConnection(Stream transport, Func<SpdyStream, Task> onStream) : IAsyncDisposable
{
    private const ushort Version = 3;
    private const ushort SynStream = 1, SynReply = 2, RstStream = 3, Ping = 6, GoAway = 7, Headers = 8;
    private const byte Fin = 1;

    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly ConcurrentDictionary<uint, SpdyStream> _streams = new();
    private readonly HeaderInflater _inflater = new();
    private readonly List<Task> _handlers = [];
    private bool _sentHeaderPreamble;

    /// <summary>Reads frames until the client goes away; a handler runs for each new stream.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        var head = new byte[8];
        try
        {
            while (true)
            {
                await transport.ReadExactlyAsync(head, cancellation).ConfigureAwait(false);
                var first = BinaryPrimitives.ReadUInt32BigEndian(head);
                var flags = head[4];
                var payload = new byte[(int)(BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(4)) & 0xffffff)];
                await transport.ReadExactlyAsync(payload, cancellation).ConfigureAwait(false);
                if ((first & 0x80000000) == 0)
                {
                    if (_streams.TryGetValue(first & 0x7fffffff, out var stream))
                    {
                        if (payload.Length > 0) await stream.ReceiveAsync(payload).ConfigureAwait(false);
                        if ((flags & Fin) != 0) stream.EndInput(reset: false);
                    }
                    continue;
                }
                if (!await ControlAsync((ushort)(first & 0xffff), flags, payload, cancellation).ConfigureAwait(false)) break;
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
        }
        finally
        {
            foreach (var stream in _streams.Values) stream.EndInput(reset: true);
        }
        Task[] handlers;
        lock (_handlers) handlers = [.. _handlers];
        await Task.WhenAll(handlers).ConfigureAwait(false);
    }

    /// <returns>False when the client said GOAWAY.</returns>
    private async Task<bool> ControlAsync(ushort type, byte flags, byte[] payload, CancellationToken cancellation)
    {
        switch (type)
        {
            case SynStream:
                var id = BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7fffffff;
                var headers = await _inflater.ReadAsync(payload.AsMemory(10), cancellation).ConfigureAwait(false);
                var stream = new SpdyStream(this, id, headers);
                _streams[id] = stream;
                if ((flags & Fin) != 0) stream.EndInput(reset: false);
                await SendControlAsync(SynReply, 0, [.. BigEndian(id), .. HeaderBlock([])]).ConfigureAwait(false);
                lock (_handlers) _handlers.Add(Task.Run(() => onStream(stream), CancellationToken.None));
                break;
            case Headers:
                await _inflater.ReadAsync(payload.AsMemory(4), cancellation).ConfigureAwait(false);
                break;
            case RstStream:
                if (_streams.TryRemove(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7fffffff, out var reset)) reset.EndInput(reset: true);
                break;
            case Ping:
                // Odd ids are the client's pings, answered with the same frame; even ones would be answers to ours.
                if ((BinaryPrimitives.ReadUInt32BigEndian(payload) & 1) == 1) await SendControlAsync(Ping, 0, payload).ConfigureAwait(false);
                break;
            case GoAway:
                return false;
        }
        return true;
    }

    internal async Task SendDataAsync(uint streamId, ReadOnlyMemory<byte> data, bool fin)
    {
        const int chunk = 32 * 1024;
        var offset = 0;
        do
        {
            var part = data.Slice(offset, Math.Min(chunk, data.Length - offset));
            offset += part.Length;
            var last = offset == data.Length;
            var frame = new byte[8 + part.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame, streamId & 0x7fffffff);
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)((fin && last ? Fin : 0) << 24) | (uint)part.Length);
            part.CopyTo(frame.AsMemory(8));
            await WriteAsync(frame).ConfigureAwait(false);
        }
        while (offset < data.Length);
    }

    private Task SendControlAsync(ushort type, byte flags, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0x8000 | Version);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), type);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)(flags << 24) | (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return WriteAsync(frame);
    }

    private async Task WriteAsync(byte[] frame)
    {
        await _write.WaitAsync().ConfigureAwait(false);
        try
        {
            await transport.WriteAsync(frame).ConfigureAwait(false);
            await transport.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException or InvalidOperationException)
        {
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>
    /// A header block for the peer's inflater: the zlib header once per connection (no preset
    /// dictionary, which Go's zlib reader accepts), then each block as one stored deflate block.
    /// </summary>
    private byte[] HeaderBlock(IReadOnlyList<(string Name, string Value)> headers)
    {
        var raw = new List<byte>(BigEndian((uint)headers.Count));
        foreach (var (name, value) in headers)
        {
            raw.AddRange(BigEndian((uint)Encoding.UTF8.GetByteCount(name)));
            raw.AddRange(Encoding.UTF8.GetBytes(name));
            raw.AddRange(BigEndian((uint)Encoding.UTF8.GetByteCount(value)));
            raw.AddRange(Encoding.UTF8.GetBytes(value));
        }
        var block = new List<byte>();
        if (!_sentHeaderPreamble) block.AddRange([0x78, 0x01]);
        _sentHeaderPreamble = true;
        block.AddRange(HeaderInflater.StoredBlock(raw.ToArray()));
        // An empty stored block after it, the sync-flush marker: Go's inflater hands out a stored
        // block's bytes only when the next block starts, which must be inside this frame.
        block.AddRange(HeaderInflater.StoredBlock([]));
        return [.. block];
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        await _inflater.DisposeAsync().ConfigureAwait(false);
        _write.Dispose();
    }

    /// <summary>
    /// The client's header blocks: one zlib stream for the connection, primed with the SPDY
    /// dictionary. .NET's inflater takes no preset dictionary, so the dictionary goes in first as
    /// a stored block of its own (the same history the dictionary would give) and that much output
    /// is skipped; the client's stream follows without its zlib header.
    /// </summary>
    private sealed class HeaderInflater : IAsyncDisposable
    {
        private readonly Pipe _compressed = new(new PipeOptions(pauseWriterThreshold: 0));
        private readonly DeflateStream _inflate;
        private bool _started;

        public HeaderInflater() => _inflate = new DeflateStream(_compressed.Reader.AsStream(), CompressionMode.Decompress);

        public async Task<Dictionary<string, string>> ReadAsync(ReadOnlyMemory<byte> block, CancellationToken cancellation)
        {
            if (!_started)
            {
                _started = true;
                var skip = 2 + ((block.Span[1] & 0x20) != 0 ? 4 : 0);
                await _compressed.Writer.WriteAsync(StoredBlock(SpdyHeaderDictionary.Bytes.ToArray()), cancellation).ConfigureAwait(false);
                await _compressed.Writer.WriteAsync(block[skip..], cancellation).ConfigureAwait(false);
                await _inflate.ReadExactlyAsync(new byte[SpdyHeaderDictionary.Bytes.Length], cancellation).ConfigureAwait(false);
            }
            else await _compressed.Writer.WriteAsync(block, cancellation).ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            var count = await ReadUInt32Async(cancellation).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                var name = await ReadStringAsync(cancellation).ConfigureAwait(false);
                headers[name.ToLowerInvariant()] = await ReadStringAsync(cancellation).ConfigureAwait(false);
            }
            return headers;
        }

        private async Task<uint> ReadUInt32Async(CancellationToken cancellation)
        {
            var bytes = new byte[4];
            await _inflate.ReadExactlyAsync(bytes, cancellation).ConfigureAwait(false);
            return BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }

        private async Task<string> ReadStringAsync(CancellationToken cancellation)
        {
            var bytes = new byte[await ReadUInt32Async(cancellation).ConfigureAwait(false)];
            await _inflate.ReadExactlyAsync(bytes, cancellation).ConfigureAwait(false);
            return Encoding.UTF8.GetString(bytes);
        }

        /// <summary>A non-final stored deflate block: header byte, LEN and NLEN little-endian, the bytes.</summary>
        public static byte[] StoredBlock(byte[] data)
        {
            var block = new byte[5 + data.Length];
            BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(1), (ushort)data.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(3), (ushort)~data.Length);
            data.CopyTo(block, 5);
            return block;
        }

        public async ValueTask DisposeAsync()
        {
            await _compressed.Writer.CompleteAsync().ConfigureAwait(false);
            await _inflate.DisposeAsync().ConfigureAwait(false);
        }
    }
}
