using Google.Protobuf;

namespace MockApiServer.Api;

/// <summary>
/// A forward-only cursor over the fields of one protobuf message, as go-to-protobuf writes them
/// (proto2): non-pointer scalars are always written, so "" and 0 mean "not set" and read as null.
/// A field whose wire type does not match what the caller asks for is a <see cref="FormatException"/>.
/// </summary>
internal sealed class ProtobufReader
{
    private readonly CodedInputStream _input;
    private WireFormat.WireType _wireType;

    public ProtobufReader(byte[] data, int offset, int length) => _input = new CodedInputStream(data, offset, length);

    private ProtobufReader(ByteString data) => _input = data.CreateCodedInput();

    /// <summary>The number of the field <see cref="Next"/> moved to.</summary>
    public int Field { get; private set; }

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next()
    {
        var tag = _input.ReadTag();
        if (tag == 0) return false;
        Field = WireFormat.GetTagFieldNumber(tag);
        _wireType = WireFormat.GetTagWireType(tag);
        return true;
    }

    public void Skip() => _input.SkipLastField();

    /// <summary>The string as sent, "" included (map values, list items).</summary>
    public string Text()
    {
        Expect(WireFormat.WireType.LengthDelimited);
        return _input.ReadString();
    }

    public string? String() => Text() is { Length: > 0 } s ? s : null;

    public int? Int32()
    {
        Expect(WireFormat.WireType.Varint);
        return _input.ReadInt32() is var v && v != 0 ? v : null;
    }

    public long? Int64()
    {
        Expect(WireFormat.WireType.Varint);
        return _input.ReadInt64() is var v && v != 0 ? v : null;
    }

    /// <summary>A bool of a pointer field (*bool), where false was set on purpose.</summary>
    public bool Bool()
    {
        Expect(WireFormat.WireType.Varint);
        return _input.ReadBool();
    }

    /// <summary>A bool of a non-pointer field, where false means "not set".</summary>
    public bool? Flag() => Bool() ? true : null;

    public ProtobufReader Message()
    {
        Expect(WireFormat.WireType.LengthDelimited);
        return new ProtobufReader(_input.ReadBytes());
    }

    /// <summary>Reads one map&lt;string, string&gt; entry {1 key, 2 value} into <paramref name="map"/>.</summary>
    public IDictionary<string, string> MapEntry(IDictionary<string, string>? map)
    {
        var entry = Message();
        string key = "", value = "";
        while (entry.Next())
        {
            switch (entry.Field)
            {
                case 1: key = entry.Text(); break;
                case 2: value = entry.Text(); break;
                default: entry.Skip(); break;
            }
        }
        map ??= new Dictionary<string, string>();
        map[key] = value;
        return map;
    }

    /// <summary>Reads one item of a repeated string into <paramref name="list"/>.</summary>
    public IList<string> ListItem(IList<string>? list) => Append(list, Text());

    public static IList<T> Append<T>(IList<T>? list, T item)
    {
        list ??= new List<T>();
        list.Add(item);
        return list;
    }

    /// <summary>A metav1.Time {1 seconds, 2 nanos}; the zero time arrives as an empty message.</summary>
    public DateTime? Time()
    {
        var time = Message();
        long seconds = 0;
        int nanos = 0;
        while (time.Next())
        {
            switch (time.Field)
            {
                case 1: seconds = time.Int64() ?? 0; break;
                case 2: nanos = time.Int32() ?? 0; break;
                default: time.Skip(); break;
            }
        }
        if (seconds == 0 && nanos == 0) return null;
        return DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(nanos / 100);
    }

    private void Expect(WireFormat.WireType wireType)
    {
        if (_wireType != wireType)
            throw new FormatException($"field {Field} has wire type {_wireType}, expected {wireType}");
    }
}
