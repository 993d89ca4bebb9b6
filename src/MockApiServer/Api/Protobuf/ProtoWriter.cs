using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MockApiServer.Api.Protobuf;

/// <summary>The protobuf wire format, written forward into a growing buffer.</summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    public void Varint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    public void Raw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void VarintField(int field, long value)
    {
        Tag(field, 0);
        Varint((ulong)value);
    }

    public void BytesField(int field, ReadOnlySpan<byte> bytes)
    {
        Tag(field, 2);
        Varint((ulong)bytes.Length);
        _buffer.Write(bytes);
    }

    public void StringField(int field, string text) => BytesField(field, Encoding.UTF8.GetBytes(text));

    public void DoubleField(int field, double value)
    {
        Tag(field, 1);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void FloatField(int field, float value)
    {
        Tag(field, 5);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }
}
