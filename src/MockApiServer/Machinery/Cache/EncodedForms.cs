namespace MockApiServer.Machinery.Cache;

/// <summary>
/// The bytes one committed change is sent as, per representation (a JSON watch line of a given
/// event type, a protobuf frame…): encoded by the first watcher that needs it and shared by every
/// other, so a change fanned out to a thousand watchers is serialised once per form, not once per
/// watcher. Lock-free reads; two watchers racing on a new form may both encode it, and one wins.
/// </summary>
public sealed class EncodedForms
{
    private (string Form, byte[] Bytes)[] _forms = [];

    public byte[] GetOrAdd(string form, Func<byte[]> encode)
    {
        var forms = Volatile.Read(ref _forms);
        foreach (var (name, bytes) in forms)
            if (name == form) return bytes;
        var encoded = encode();
        while (true)
        {
            var current = Volatile.Read(ref _forms);
            foreach (var (name, bytes) in current)
                if (name == form) return bytes;
            if (Interlocked.CompareExchange(ref _forms, [.. current, (form, encoded)], current) == current) return encoded;
        }
    }
}
