namespace MockApiServer.Machinery;

/// <summary>The one source of randomness (uids, generated names, IP choices), seedable for exact tests.</summary>
public sealed class RandomSource(int? seed = null)
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789"; // apimachinery's utilrand alphabet
    private readonly Random _random = seed is null ? new Random() : new Random(seed.Value);
    private readonly Lock _gate = new();

    public int Next(int maxExclusive)
    {
        lock (_gate) return _random.Next(maxExclusive);
    }

    public double NextDouble()
    {
        lock (_gate) return _random.NextDouble();
    }

    public string NewUid()
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (_gate) _random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }

    /// <summary>A 5-character suffix for generateName, from Kubernetes' alphabet.</summary>
    public string NameSuffix()
    {
        Span<char> chars = stackalloc char[5];
        lock (_gate)
        {
            for (var i = 0; i < chars.Length; i++) chars[i] = NameAlphabet[_random.Next(NameAlphabet.Length)];
        }
        return new string(chars);
    }
}
