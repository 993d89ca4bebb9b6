namespace MockApiServer.Machinery;

/// <summary>
/// A parsed field selector (<c>a=b,c!=d</c>, values with <c>\,</c> <c>\=</c> <c>\\</c> escapes),
/// checked against the fields a kind supports.
/// </summary>
public sealed class FieldSelector
{
    public static readonly FieldSelector Everything = new([]);

    private FieldSelector(IReadOnlyList<Term> terms) => Terms = terms;

    public IReadOnlyList<Term> Terms { get; }

    public bool IsEmpty => Terms.Count == 0;

    /// <summary>metadata.name=NAME: what a request for one object by name selects (watch paths).</summary>
    public static FieldSelector NameEquals(string name) => new([new Term("metadata.name", true, name)]);

    public sealed record Term(string Field, bool Equal, string Value);

    /// <summary>The value a term demands for a field, used to narrow lookups (metadata.name).</summary>
    public string? RequiredValue(string field) => Terms.FirstOrDefault(t => t.Equal && t.Field == field)?.Value;

    public bool Matches(Func<string, string?> fieldValue) =>
        Terms.All(t => (fieldValue(t.Field) ?? "") == t.Value == t.Equal);

    /// <exception cref="ApiException">400 BadRequest for bad syntax or an unsupported field.</exception>
    public static FieldSelector Parse(string? text, IReadOnlySet<string> supportedFields)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var terms = new List<Term>();
        foreach (var part in SplitUnescaped(text, ','))
        {
            var (field, equal, value) = SplitTerm(part);
            if (!supportedFields.Contains(field)) throw StatusErrors.BadRequest($"field label not supported: {field}");
            terms.Add(new Term(field, equal, Unescape(value)));
        }
        return new FieldSelector(terms);
    }

    private static (string Field, bool Equal, string Value) SplitTerm(string part)
    {
        foreach (var (op, equal) in new[] { ("!=", false), ("==", true), ("=", true) })
        {
            var i = IndexOfUnescaped(part, op);
            if (i >= 0) return (part[..i].Trim(), equal, part[(i + op.Length)..]);
        }
        throw StatusErrors.BadRequest($"invalid selector: '{part}'; can't understand '{part}'");
    }

    private static int IndexOfUnescaped(string s, string op)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\') { i++; continue; }
            if (string.CompareOrdinal(s, i, op, 0, op.Length) == 0) return i;
        }
        return -1;
    }

    private static IEnumerable<string> SplitUnescaped(string s, char sep)
    {
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\') { i++; continue; }
            if (s[i] == sep) { yield return s[start..i]; start = i + 1; }
        }
        yield return s[start..];
    }

    private static string Unescape(string s)
    {
        if (!s.Contains('\\')) return s;
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                var next = s[i + 1];
                if (next is not ('\\' or ',' or '=')) throw StatusErrors.BadRequest($"invalid field selector: invalid escape sequence: \\{next}");
                sb.Append(next);
                i++;
            }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }

    public override string ToString() => string.Join(",", Terms.Select(t => $"{t.Field}{(t.Equal ? "=" : "!=")}{t.Value}"));
}
