using System.Diagnostics.CodeAnalysis;

namespace MockApiServer.Runtime;

/// <summary>
/// A container's environment as two layers: its own variables (the user's env, which win) over a
/// shared map of service variables, read as one map without copying the shared layer into every
/// container. Enumerates the own variables in order, then the shared ones not overridden.
/// </summary>
public sealed class LayeredEnvironment(IReadOnlyDictionary<string, string> own, IReadOnlyDictionary<string, string> shared) : IReadOnlyDictionary<string, string>
{
    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => this.Select(p => p.Key);

    public IEnumerable<string> Values => this.Select(p => p.Value);

    public int Count => own.Count + shared.Keys.Count(k => !own.ContainsKey(k));

    public bool ContainsKey(string key) => own.ContainsKey(key) || shared.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => own.TryGetValue(key, out value) || shared.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        foreach (var pair in own) yield return pair;
        foreach (var pair in shared)
            if (!own.ContainsKey(pair.Key)) yield return pair;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
