using MockApiServer.Machinery.Validation;

namespace MockApiServer.Machinery;

/// <summary>
/// A parsed label selector with apimachinery's grammar: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>, <c>k&gt;n</c>, <c>k&lt;n</c>;
/// commas AND the requirements together.
/// </summary>
public sealed class LabelSelector
{
    public static readonly LabelSelector Everything = new([]);

    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    public bool IsEmpty => _requirements.Count == 0;

    public IReadOnlyList<Requirement> Requirements => _requirements;

    public bool Matches(IDictionary<string, string>? labels) => _requirements.All(r => r.Matches(labels));

    /// <summary>An equality selector from a map, as a Service selector is read.</summary>
    public static LabelSelector FromMap(IDictionary<string, string>? map) =>
        map is null || map.Count == 0 ? Everything
            : new LabelSelector(map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new Requirement(kv.Key, Operator.Equals, [kv.Value])).ToList());

    /// <summary>
    /// metav1.LabelSelectorAsSelector: matchLabels as equalities and matchExpressions as set
    /// requirements, sorted by key; an empty selector selects everything. (A null one selects
    /// nothing upstream; callers check for null first.)
    /// </summary>
    public static LabelSelector FromLabelSelector(k8s.Models.V1LabelSelector selector)
    {
        var requirements = new List<Requirement>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>()) requirements.Add(new Requirement(key, Operator.Equals, [value]));
        foreach (var e in selector.MatchExpressions ?? [])
        {
            var op = e.OperatorProperty switch
            {
                "In" => Operator.In,
                "NotIn" => Operator.NotIn,
                "Exists" => Operator.Exists,
                "DoesNotExist" => Operator.DoesNotExist,
                _ => throw new ArgumentException($"\"{e.OperatorProperty}\" is not a valid label selector operator"),
            };
            requirements.Add(new Requirement(e.Key, op, [.. (e.Values ?? []).Order(StringComparer.Ordinal)]));
        }
        return new LabelSelector([.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)]);
    }

    /// <summary>metav1.FormatLabelSelector: the selector's text, "&lt;none&gt;" when it selects everything.</summary>
    public static string Format(k8s.Models.V1LabelSelector? selector) =>
        selector is null ? "<none>" : FromLabelSelector(selector) is { IsEmpty: false } parsed ? parsed.ToString() : "<none>";

    /// <exception cref="ApiException">400 BadRequest when the text does not parse.</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var parser = new Parser(text);
        return new LabelSelector(parser.ParseAll());
    }

    public override string ToString() => string.Join(",", _requirements);

    public enum Operator { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan }

    public sealed record Requirement(string Key, Operator Op, IReadOnlyList<string> Values)
    {
        public bool Matches(IDictionary<string, string>? labels)
        {
            string? value = null;
            var has = labels is not null && labels.TryGetValue(Key, out value);
            return Op switch
            {
                Operator.Equals or Operator.In => has && Values.Contains(value!),
                Operator.NotEquals or Operator.NotIn => !has || !Values.Contains(value!),
                Operator.Exists => has,
                Operator.DoesNotExist => !has,
                Operator.GreaterThan => has && long.TryParse(value, out var g) && g > long.Parse(Values[0]),
                Operator.LessThan => has && long.TryParse(value, out var l) && l < long.Parse(Values[0]),
                _ => false,
            };
        }

        public override string ToString() => Op switch
        {
            Operator.Equals => $"{Key}={Values[0]}",
            Operator.NotEquals => $"{Key}!={Values[0]}",
            Operator.In => $"{Key} in ({string.Join(",", Values)})",
            Operator.NotIn => $"{Key} notin ({string.Join(",", Values)})",
            Operator.Exists => Key,
            Operator.DoesNotExist => "!" + Key,
            Operator.GreaterThan => $"{Key}>{Values[0]}",
            _ => $"{Key}<{Values[0]}",
        };
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public List<Requirement> ParseAll()
        {
            var result = new List<Requirement>();
            while (true)
            {
                result.Add(ParseRequirement());
                SkipSpaces();
                if (_pos >= text.Length) return result;
                if (text[_pos] != ',') throw Fail($"found '{Rest()}', expected: ',' or 'end of string'");
                _pos++;
            }
        }

        private Requirement ParseRequirement()
        {
            SkipSpaces();
            if (Peek() == '!')
            {
                _pos++;
                return Validated(new Requirement(ReadIdentifier(), Operator.DoesNotExist, []));
            }
            var key = ReadIdentifier();
            SkipSpaces();
            if (_pos >= text.Length || text[_pos] == ',') return Validated(new Requirement(key, Operator.Exists, []));
            if (Consume("==") || Consume("=")) return Validated(new Requirement(key, Operator.Equals, [ReadValue()]));
            if (Consume("!=")) return Validated(new Requirement(key, Operator.NotEquals, [ReadValue()]));
            if (Consume(">")) return Validated(new Requirement(key, Operator.GreaterThan, [ReadInteger()]));
            if (Consume("<")) return Validated(new Requirement(key, Operator.LessThan, [ReadInteger()]));
            var word = ReadWord();
            return word switch
            {
                "in" => Validated(new Requirement(key, Operator.In, ReadSet())),
                "notin" => Validated(new Requirement(key, Operator.NotIn, ReadSet())),
                _ => throw Fail($"found '{word}', expected: in, notin, =, ==, !=, gt, lt"),
            };
        }

        private static Requirement Validated(Requirement r)
        {
            var keyErrors = NameValidation.IsQualifiedName(r.Key);
            if (keyErrors.Count > 0) throw Invalid("key", r.Key, keyErrors[0]);
            if (r.Op is not (Operator.GreaterThan or Operator.LessThan))
            {
                foreach (var v in r.Values)
                {
                    var valueErrors = NameValidation.IsValidLabelValue(v);
                    if (valueErrors.Count > 0) throw Invalid("values[0]", v, valueErrors[0]);
                }
            }
            return r;
        }

        private static ApiException Invalid(string field, string value, string detail) =>
            StatusErrors.BadRequest($"unable to parse requirement: {field}: Invalid value: \"{value}\": {detail}");

        private IReadOnlyList<string> ReadSet()
        {
            SkipSpaces();
            if (!Consume("(")) throw Fail($"found '{Rest()}', expected: '('");
            var values = new List<string>();
            while (true)
            {
                SkipSpaces();
                if (Consume(")")) break;
                values.Add(ReadToken(allowEmpty: true));
                SkipSpaces();
                if (Consume(",")) continue;
                if (Consume(")")) break;
                throw Fail($"found '{Rest()}', expected: ',', or ')'");
            }
            if (values.Count == 0) throw StatusErrors.BadRequest("unable to parse requirement: values: Required value: for 'in', 'notin' operators, values set can't be empty");
            return values.Order(StringComparer.Ordinal).Distinct().ToList();
        }

        private string ReadIdentifier()
        {
            SkipSpaces();
            var id = ReadToken(allowEmpty: false);
            return id;
        }

        private string ReadValue()
        {
            SkipSpaces();
            return ReadToken(allowEmpty: true);
        }

        private string ReadInteger()
        {
            var v = ReadValue();
            if (!long.TryParse(v, out _)) throw StatusErrors.BadRequest($"unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer");
            return v;
        }

        private string ReadWord()
        {
            SkipSpaces();
            var start = _pos;
            while (_pos < text.Length && char.IsLetter(text[_pos])) _pos++;
            return text[start.._pos];
        }

        private string ReadToken(bool allowEmpty)
        {
            var start = _pos;
            while (_pos < text.Length && !IsSpecial(text[_pos])) _pos++;
            var token = text[start.._pos];
            if (token.Length == 0 && !allowEmpty) throw Fail($"found '{Rest()}', expected: identifier");
            return token;
        }

        private static bool IsSpecial(char c) => c is ' ' or '\t' or ',' or '=' or '!' or '(' or ')' or '<' or '>';

        private bool Consume(string s)
        {
            if (string.CompareOrdinal(text, _pos, s, 0, s.Length) != 0) return false;
            _pos += s.Length;
            return true;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void SkipSpaces()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        private string Rest() => _pos < text.Length ? text[_pos].ToString() : "";

        private static ApiException Fail(string detail) => StatusErrors.BadRequest($"unable to parse requirement: {detail}");
    }
}
