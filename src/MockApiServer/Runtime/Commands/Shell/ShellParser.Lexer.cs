using System.Globalization;
using System.Text;

namespace MockApiServer.Runtime.Commands.Shell;

/// <summary>The tokens: words with their quoted parts and expansions, operators, and redirects with their targets.</summary>
internal sealed partial class ShellParser
{
    private Token Peek() => _peeked ??= Lex();

    private Token Next()
    {
        var t = Peek();
        _peeked = null;
        return t;
    }

    private Token Lex()
    {
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            if (c is ' ' or '\t' or '\r') { _pos++; continue; }
            if (c == '\\' && _pos + 1 < _s.Length && _s[_pos + 1] == '\n') { _pos += 2; continue; }
            if (c == '#') { while (_pos < _s.Length && _s[_pos] != '\n') _pos++; continue; }
            break;
        }
        if (_pos >= _s.Length) return new EndToken();
        var ch = _s[_pos];
        if (ch == '\n') { _pos++; return new OpToken("\n"); }
        if (Starts(";;")) { _pos += 2; return new OpToken(";;"); }
        if (ch == ';') { _pos++; return new OpToken(";"); }
        if (Starts("&&")) { _pos += 2; return new OpToken("&&"); }
        if (Starts("&>")) { _pos += 2; return new RedirectToken(new Redirect(null, "&>", ReadTarget())); }
        if (ch == '&') { _pos++; return new OpToken("&"); }
        if (Starts("||")) { _pos += 2; return new OpToken("||"); }
        if (ch == '|') { _pos++; return new OpToken("|"); }
        if (ch is '(' or ')') { _pos++; return new OpToken(ch.ToString()); }
        var digits = _pos;
        while (digits < _s.Length && char.IsAsciiDigit(_s[digits])) digits++;
        if (digits < _s.Length && _s[digits] is '>' or '<')
        {
            int? fd = digits > _pos ? int.Parse(_s[_pos..digits], System.Globalization.CultureInfo.InvariantCulture) : null;
            _pos = digits;
            if (_s[_pos] == '<' && Starts("<<")) throw new ShellSyntaxException("here-documents are not supported");
            string op = Starts(">>") ? ">>" : Starts(">&") ? ">&" : Starts("<&") ? "<&" : Starts(">|") ? ">" : _s[_pos].ToString();
            _pos += Starts(">|") ? 2 : op.Length;
            return new RedirectToken(new Redirect(fd, op, ReadTarget()));
        }
        return new WordToken(ReadWord());
    }

    private bool Starts(string s) => string.CompareOrdinal(_s, _pos, s, 0, s.Length) == 0;

    private Word ReadTarget()
    {
        while (_pos < _s.Length && _s[_pos] is ' ' or '\t') _pos++;
        if (_pos >= _s.Length || IsOperatorChar(_s[_pos])) throw new ShellSyntaxException("Syntax error: redirection unexpected");
        return ReadWord();
    }

    private static bool IsOperatorChar(char c) => c is ' ' or '\t' or '\r' or '\n' or ';' or '&' or '|' or '(' or ')' or '<' or '>';

    private Word ReadWord()
    {
        var parts = new List<WordPart>();
        var literal = new StringBuilder();
        void Flush(bool quoted)
        {
            if (literal.Length > 0) parts.Add(new LiteralPart(literal.ToString(), quoted));
            literal.Clear();
        }
        while (_pos < _s.Length && !IsOperatorChar(_s[_pos]))
        {
            var c = _s[_pos];
            if (c == '\'')
            {
                Flush(false);
                var close = _s.IndexOf('\'', _pos + 1);
                if (close < 0) throw new ShellSyntaxException("Syntax error: Unterminated quoted string");
                parts.Add(new LiteralPart(_s[(_pos + 1)..close], true));
                _pos = close + 1;
            }
            else if (c == '"')
            {
                Flush(false);
                _pos++;
                ReadDoubleQuoted(parts);
            }
            else if (c == '\\')
            {
                Flush(false);
                if (_pos + 1 < _s.Length) parts.Add(new LiteralPart(_s[_pos + 1].ToString(), true));
                _pos += 2;
            }
            else if (c is '$' or '`' && ReadExpansion(quoted: false) is { } expansion)
            {
                Flush(false);
                parts.Add(expansion);
            }
            else
            {
                literal.Append(c);
                _pos++;
            }
        }
        Flush(false);
        if (parts.Count == 0) parts.Add(new LiteralPart("", true));
        return new Word(parts);
    }

    private void ReadDoubleQuoted(List<WordPart> parts)
    {
        var literal = new StringBuilder();
        var any = false;
        void Flush()
        {
            if (literal.Length > 0 || !any) parts.Add(new LiteralPart(literal.ToString(), true));
            literal.Clear();
            any = true;
        }
        while (true)
        {
            if (_pos >= _s.Length) throw new ShellSyntaxException("Syntax error: Unterminated quoted string");
            var c = _s[_pos];
            if (c == '"') { _pos++; break; }
            if (c == '\\' && _pos + 1 < _s.Length && _s[_pos + 1] is '$' or '`' or '"' or '\\' or '\n')
            {
                if (_s[_pos + 1] != '\n') literal.Append(_s[_pos + 1]);
                _pos += 2;
            }
            else if (c is '$' or '`' && ReadExpansion(quoted: true) is { } expansion)
            {
                if (literal.Length > 0) Flush();
                parts.Add(expansion);
                any = true;
            }
            else
            {
                literal.Append(c);
                _pos++;
            }
        }
        if (literal.Length > 0 || !any) Flush();
    }

    /// <summary>An expansion at _pos ($… or `…`), or null when the $ is a literal dollar.</summary>
    private WordPart? ReadExpansion(bool quoted)
    {
        if (_s[_pos] == '`')
        {
            var close = _s.IndexOf('`', _pos + 1);
            if (close < 0) throw new ShellSyntaxException("Syntax error: EOF in backquote substitution");
            var script = _s[(_pos + 1)..close];
            _pos = close + 1;
            return new CommandPart(script, quoted);
        }
        if (_pos + 1 >= _s.Length) return null;
        var next = _s[_pos + 1];
        if (next == '(' && _pos + 2 < _s.Length && _s[_pos + 2] == '(')
        {
            var end = MatchingParen(_pos + 2);
            if (end + 1 >= _s.Length || _s[end + 1] != ')') throw new ShellSyntaxException("Syntax error: Missing '))'");
            var expression = _s[(_pos + 3)..end];
            _pos = end + 2;
            return new ArithmeticPart(expression, quoted);
        }
        if (next == '(')
        {
            var end = MatchingParen(_pos + 1);
            var script = _s[(_pos + 2)..end];
            _pos = end + 1;
            return new CommandPart(script, quoted);
        }
        if (next == '{')
        {
            var close = _s.IndexOf('}', _pos + 2);
            if (close < 0) throw new ShellSyntaxException("Syntax error: Missing '}'");
            var body = _s[(_pos + 2)..close];
            _pos = close + 1;
            return Braced(body, quoted);
        }
        if (next is '?' or '#' or '$' or '!' or '@' or '*' or '-' || char.IsAsciiDigit(next))
        {
            _pos += 2;
            return new ParameterPart(next.ToString(), null, null, quoted);
        }
        if (char.IsAsciiLetter(next) || next == '_')
        {
            var start = _pos + 1;
            var end = start;
            while (end < _s.Length && (char.IsAsciiLetterOrDigit(_s[end]) || _s[end] == '_')) end++;
            _pos = end;
            return new ParameterPart(_s[start..end], null, null, quoted);
        }
        return null;
    }

    private static ParameterPart Braced(string body, bool quoted)
    {
        if (body.StartsWith('#') && body.Length > 1) return new ParameterPart(body[1..], "#len", null, quoted);
        var nameEnd = 0;
        if (body.Length > 0 && (char.IsAsciiDigit(body[0]) || body[0] is '?' or '#' or '$' or '!' or '@' or '*')) nameEnd = 1;
        else while (nameEnd < body.Length && (char.IsAsciiLetterOrDigit(body[nameEnd]) || body[nameEnd] == '_')) nameEnd++;
        if (nameEnd == 0) throw new ShellSyntaxException($"${{{body}}}: Bad substitution");
        var name = body[..nameEnd];
        var rest = body[nameEnd..];
        if (rest.Length == 0) return new ParameterPart(name, null, null, quoted);
        foreach (var op in new[] { ":-", ":=", ":+", ":?", "##", "%%", "-", "=", "+", "?", "#", "%" })
            if (rest.StartsWith(op, StringComparison.Ordinal)) return new ParameterPart(name, op, rest[op.Length..], quoted);
        throw new ShellSyntaxException($"${{{body}}}: Bad substitution");
    }

    /// <summary>The index of the ')' closing the '(' at <paramref name="open"/>, skipping quotes.</summary>
    private int MatchingParen(int open)
    {
        var depth = 0;
        for (var i = open; i < _s.Length; i++)
        {
            var c = _s[i];
            if (c == '\\') { i++; continue; }
            if (c == '\'') { i = _s.IndexOf('\'', i + 1); if (i < 0) break; continue; }
            if (c == '"')
            {
                for (i++; i < _s.Length && _s[i] != '"'; i++) if (_s[i] == '\\') i++;
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i;
        }
        throw new ShellSyntaxException("Syntax error: end of file unexpected (expecting \")\")");
    }
}
