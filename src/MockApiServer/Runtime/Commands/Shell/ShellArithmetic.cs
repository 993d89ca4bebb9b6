using System.Globalization;

namespace MockApiServer.Runtime.Commands.Shell;

/// <summary>
/// <c>$((…))</c> over 64-bit integers with C's precedence: <c>( ) ! ~ unary+-  * / %  + -  &lt;&lt; &gt;&gt;
/// &lt; &lt;= &gt; &gt;=  == !=  &amp;  ^  |  &amp;&amp;  ||  ?:</c>, variables by bare name, and the
/// assignments <c>= += -= *= /= %=</c> and <c>++</c>/<c>--</c> on names.
/// </summary>
internal sealed class ShellArithmetic
{
    private static readonly string[][] Levels =
    [
        ["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<=", ">=", "<", ">"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"],
    ];

    private readonly List<string> _tokens;
    private readonly IDictionary<string, string> _variables;
    private int _i;

    private ShellArithmetic(List<string> tokens, IDictionary<string, string> variables) => (_tokens, _variables) = (tokens, variables);

    /// <exception cref="ShellSyntaxException">A malformed expression or a division by zero.</exception>
    public static long Evaluate(string expression, IDictionary<string, string> variables)
    {
        var parser = new ShellArithmetic(Tokenize(expression), variables);
        if (parser._tokens.Count == 0) return 0;
        var value = parser.Ternary();
        if (parser._i < parser._tokens.Count) throw new ShellSyntaxException($"arithmetic expression: expecting EOF: \"{expression}\"");
        return value;
    }

    private long Ternary()
    {
        var condition = Binary(0);
        if (Peek() != "?") return condition;
        _i++;
        var yes = Ternary();
        Take(":");
        var no = Ternary();
        return condition != 0 ? yes : no;
    }

    private long Binary(int level)
    {
        if (level == Levels.Length) return Unary();
        var left = Binary(level + 1);
        while (Peek() is { } op && Levels[level].Contains(op))
        {
            _i++;
            var right = Binary(level + 1);
            left = op switch
            {
                "||" => left != 0 || right != 0 ? 1 : 0,
                "&&" => left != 0 && right != 0 ? 1 : 0,
                "|" => left | right,
                "^" => left ^ right,
                "&" => left & right,
                "==" => left == right ? 1 : 0,
                "!=" => left != right ? 1 : 0,
                "<=" => left <= right ? 1 : 0,
                ">=" => left >= right ? 1 : 0,
                "<" => left < right ? 1 : 0,
                ">" => left > right ? 1 : 0,
                "<<" => left << (int)right,
                ">>" => left >> (int)right,
                "+" => left + right,
                "-" => left - right,
                "*" => left * right,
                "/" => right == 0 ? throw new ShellSyntaxException("arithmetic expression: division by zero") : left / right,
                _ => right == 0 ? throw new ShellSyntaxException("arithmetic expression: division by zero") : left % right,
            };
        }
        return left;
    }

    private long Unary()
    {
        switch (Peek())
        {
            case "!": _i++; return Unary() == 0 ? 1 : 0;
            case "~": _i++; return ~Unary();
            case "-": _i++; return -Unary();
            case "+": _i++; return Unary();
            case "++" or "--":
                var op = _tokens[_i++];
                var target = Name();
                var updated = Read(target) + (op == "++" ? 1 : -1);
                _variables[target] = updated.ToString(CultureInfo.InvariantCulture);
                return updated;
            case "(":
                _i++;
                var inner = Ternary();
                Take(")");
                return inner;
        }
        var token = Peek() ?? throw new ShellSyntaxException("arithmetic expression: expecting primary");
        if (char.IsAsciiDigit(token[0]))
        {
            _i++;
            return ParseNumber(token);
        }
        var name = Name();
        switch (Peek())
        {
            case "=" or "+=" or "-=" or "*=" or "/=" or "%=":
                var assign = _tokens[_i++];
                var value = Ternary();
                var current = Read(name);
                var result = assign switch
                {
                    "=" => value,
                    "+=" => current + value,
                    "-=" => current - value,
                    "*=" => current * value,
                    "/=" => value == 0 ? throw new ShellSyntaxException("arithmetic expression: division by zero") : current / value,
                    _ => value == 0 ? throw new ShellSyntaxException("arithmetic expression: division by zero") : current % value,
                };
                _variables[name] = result.ToString(CultureInfo.InvariantCulture);
                return result;
            case "++" or "--":
                var post = _tokens[_i++];
                var before = Read(name);
                _variables[name] = (before + (post == "++" ? 1 : -1)).ToString(CultureInfo.InvariantCulture);
                return before;
        }
        return Read(name);
    }

    private string Name()
    {
        var token = Peek();
        if (token is null || !ShellParser.IsName(token)) throw new ShellSyntaxException($"arithmetic expression: expecting primary: \"{token}\"");
        _i++;
        return token;
    }

    private long Read(string name)
    {
        var text = _variables.TryGetValue(name, out var v) ? v.Trim() : "";
        return text.Length == 0 ? 0 : ParseNumber(text);
    }

    private static long ParseNumber(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && long.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex)) return hex;
        if (text.Length > 1 && text[0] == '0' && text.All(c => c is >= '0' and <= '7')) return Convert.ToInt64(text, 8);
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ShellSyntaxException($"arithmetic expression: expecting primary: \"{text}\"");
    }

    private string? Peek() => _i < _tokens.Count ? _tokens[_i] : null;

    private void Take(string expected)
    {
        if (Peek() != expected) throw new ShellSyntaxException($"arithmetic expression: expecting \"{expected}\"");
        _i++;
    }

    private static List<string> Tokenize(string s)
    {
        string[] operators = ["<<=", ">>=", "||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "++", "--", "+=", "-=", "*=", "/=", "%=", "+", "-", "*", "/", "%", "(", ")", "<", ">", "!", "~", "&", "|", "^", "?", ":", "="];
        var tokens = new List<string>();
        for (var i = 0; i < s.Length;)
        {
            if (char.IsWhiteSpace(s[i])) { i++; continue; }
            if (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')) i++;
                tokens.Add(s[start..i]);
                continue;
            }
            var op = operators.FirstOrDefault(o => string.CompareOrdinal(s, i, o, 0, o.Length) == 0)
                ?? throw new ShellSyntaxException($"arithmetic expression: unexpected \"{s[i]}\"");
            tokens.Add(op);
            i += op.Length;
        }
        return tokens;
    }
}
