using System.Text;

namespace MockApiServer.Runtime.Commands.Shell;

/// <summary>
/// POSIX sh's grammar, as far as scripts in pod specs and debugging guides go: lists with
/// <c>;</c> <c>&amp;</c> <c>&amp;&amp;</c> <c>||</c>, pipelines with <c>!</c>, if/while/until/for/case,
/// <c>{ }</c> and <c>( )</c> groups, functions, redirects, quoting, and the expansions
/// <c>$NAME ${NAME…} $(…) `…` $((…))</c>. Here-documents are not read.
/// </summary>
internal sealed class ShellParser
{
    private static readonly HashSet<string> Reserved = ["if", "then", "elif", "else", "fi", "while", "until", "do", "done", "for", "in", "case", "esac", "{", "}", "!"];

    private readonly string _s;
    private int _pos;
    private Token? _peeked;

    private ShellParser(string script) => _s = script;

    private abstract record Token;
    private sealed record WordToken(Word Word) : Token;
    private sealed record OpToken(string Op) : Token;
    private sealed record RedirectToken(Redirect Redirect) : Token;
    private sealed record EndToken : Token;

    public static CommandList Parse(string script)
    {
        var parser = new ShellParser(script);
        var list = parser.ParseList(new HashSet<string>());
        return parser.Peek() switch
        {
            EndToken => list,
            var t => throw Unexpected(t),
        };
    }

    /// <summary>Text read as the inside of double quotes (the word of <c>${NAME:-word}</c>, an arithmetic expression).</summary>
    public static Word ParseText(string text)
    {
        var parser = new ShellParser(text + "\"");
        var parts = new List<WordPart>();
        parser.ReadDoubleQuoted(parts);
        return new Word(parts);
    }

    // ---- grammar ----

    private CommandList ParseList(IReadOnlySet<string> stopWords)
    {
        var items = new List<(AndOrList, bool)>();
        while (true)
        {
            SkipSeparators(newlinesOnly: false);
            var t = Peek();
            if (t is EndToken || t is OpToken { Op: ")" or ";;" } || (t is WordToken w && w.Word.Plain is { } p && stopWords.Contains(p))) break;
            var command = ParseAndOr();
            var background = false;
            if (Peek() is OpToken { Op: ";" or "\n" or "&" } sep)
            {
                Next();
                background = sep.Op == "&";
            }
            items.Add((command, background));
        }
        return new CommandList(items);
    }

    private void SkipSeparators(bool newlinesOnly)
    {
        while (Peek() is OpToken { Op: var op } && (op == "\n" || (!newlinesOnly && op == ";"))) Next();
    }

    private AndOrList ParseAndOr()
    {
        var first = ParsePipeline();
        var rest = new List<(string, Pipeline)>();
        while (Peek() is OpToken { Op: "&&" or "||" } op)
        {
            Next();
            SkipSeparators(newlinesOnly: true);
            rest.Add((op.Op, ParsePipeline()));
        }
        return new AndOrList(first, rest);
    }

    private Pipeline ParsePipeline()
    {
        var negated = false;
        if (PeekReserved() == "!") { Next(); negated = true; }
        var commands = new List<Command> { ParseCommand() };
        while (Peek() is OpToken { Op: "|" })
        {
            Next();
            SkipSeparators(newlinesOnly: true);
            commands.Add(ParseCommand());
        }
        return new Pipeline(negated, commands);
    }

    private Command ParseCommand()
    {
        switch (PeekReserved())
        {
            case "if": return ParseIf();
            case "while" or "until": return ParseLoop();
            case "for": return ParseFor();
            case "case": return ParseCase();
            case "{":
                Next();
                var body = ParseList(new HashSet<string> { "}" });
                Expect("}");
                return new GroupCommand(body, Subshell: false, ParseRedirects());
            case { } word when word is not "!":
                throw Unexpected(Peek());
        }
        if (Peek() is OpToken { Op: "(" })
        {
            Next();
            var body = ParseList(new HashSet<string>());
            if (Next() is not OpToken { Op: ")" }) throw new ShellSyntaxException("Syntax error: end of file unexpected (expecting \")\")");
            return new GroupCommand(body, Subshell: true, ParseRedirects());
        }
        return ParseSimple();
    }

    private Command ParseSimple()
    {
        var assignments = new List<(string, Word)>();
        var words = new List<Word>();
        var redirects = new List<Redirect>();
        while (true)
        {
            switch (Peek())
            {
                case RedirectToken r:
                    Next();
                    redirects.Add(r.Redirect);
                    continue;
                case WordToken w:
                    Next();
                    if (words.Count == 0 && Assignment(w.Word) is { } a) assignments.Add(a);
                    else words.Add(w.Word);
                    continue;
                case OpToken { Op: "(" } when words.Count == 1 && assignments.Count == 0 && words[0].Plain is { } name:
                    Next();
                    if (Next() is not OpToken { Op: ")" }) throw new ShellSyntaxException("Syntax error: \"(\" unexpected");
                    SkipSeparators(newlinesOnly: true);
                    return new FunctionDefinition(name, ParseCommand());
            }
            break;
        }
        if (words.Count == 0 && assignments.Count == 0 && redirects.Count == 0) throw Unexpected(Peek());
        return new SimpleCommand(assignments, words, redirects);
    }

    private IfCommand ParseIf()
    {
        var branches = new List<(CommandList, CommandList)>();
        CommandList? otherwise = null;
        Next();
        while (true)
        {
            var condition = ParseList(new HashSet<string> { "then" });
            Expect("then");
            var body = ParseList(new HashSet<string> { "elif", "else", "fi" });
            branches.Add((condition, body));
            var next = Next();
            if (next is WordToken { Word.Plain: "elif" }) continue;
            if (next is WordToken { Word.Plain: "else" })
            {
                otherwise = ParseList(new HashSet<string> { "fi" });
                Expect("fi");
            }
            else if (next is not WordToken { Word.Plain: "fi" }) throw Expecting(next, "fi");
            return new IfCommand(branches, otherwise, ParseRedirects());
        }
    }

    private LoopCommand ParseLoop()
    {
        var until = ((WordToken)Next()).Word.Plain == "until";
        var condition = ParseList(new HashSet<string> { "do" });
        Expect("do");
        var body = ParseList(new HashSet<string> { "done" });
        Expect("done");
        return new LoopCommand(until, condition, body, ParseRedirects());
    }

    private ForCommand ParseFor()
    {
        Next();
        if (Next() is not WordToken { Word.Plain: { } name }) throw new ShellSyntaxException("Syntax error: Bad for loop variable");
        List<Word>? words = null;
        SkipSeparators(newlinesOnly: true);
        if (PeekReserved() == "in")
        {
            Next();
            words = [];
            while (Peek() is WordToken w) { Next(); words.Add(w.Word); }
        }
        SkipSeparators(newlinesOnly: false);
        Expect("do");
        var body = ParseList(new HashSet<string> { "done" });
        Expect("done");
        return new ForCommand(name, words, body, ParseRedirects());
    }

    private CaseCommand ParseCase()
    {
        Next();
        if (Next() is not WordToken subject) throw new ShellSyntaxException("Syntax error: expecting word");
        SkipSeparators(newlinesOnly: true);
        Expect("in");
        var items = new List<(IReadOnlyList<Word>, CommandList)>();
        while (true)
        {
            SkipSeparators(newlinesOnly: false);
            if (PeekReserved() == "esac") { Next(); break; }
            if (Peek() is OpToken { Op: "(" }) Next();
            var patterns = new List<Word>();
            while (true)
            {
                if (Next() is not WordToken p) throw new ShellSyntaxException("Syntax error: expecting pattern");
                patterns.Add(p.Word);
                var t = Next();
                if (t is OpToken { Op: ")" }) break;
                if (t is not OpToken { Op: "|" }) throw Expecting(t, ")");
            }
            var body = ParseList(new HashSet<string> { "esac" });
            items.Add((patterns, body));
            if (Peek() is OpToken { Op: ";;" }) Next();
        }
        return new CaseCommand(subject.Word, items, ParseRedirects());
    }

    private List<Redirect> ParseRedirects()
    {
        var list = new List<Redirect>();
        while (Peek() is RedirectToken r) { Next(); list.Add(r.Redirect); }
        return list;
    }

    private void Expect(string reserved)
    {
        var t = Next();
        if (t is not WordToken { Word.Plain: var p } || p != reserved) throw Expecting(t, reserved);
    }

    private string? PeekReserved() => Peek() is WordToken { Word.Plain: { } p } && Reserved.Contains(p) ? p : null;

    private static ShellSyntaxException Unexpected(Token t) => new($"Syntax error: {Describe(t)} unexpected");

    private static ShellSyntaxException Expecting(Token t, string expected) => new($"Syntax error: {Describe(t)} unexpected (expecting \"{expected}\")");

    private static string Describe(Token t) => t switch
    {
        EndToken => "end of file",
        OpToken { Op: "\n" } => "newline",
        OpToken o => $"\"{o.Op}\"",
        WordToken w => $"\"{w.Word.Plain ?? "word"}\"",
        _ => "redirection",
    };

    private static (string, Word)? Assignment(Word word)
    {
        if (word.Parts is not [LiteralPart { Quoted: false } first, ..]) return null;
        var eq = first.Text.IndexOf('=');
        if (eq <= 0 || !IsName(first.Text[..eq])) return null;
        var rest = new List<WordPart>();
        if (eq + 1 < first.Text.Length) rest.Add(new LiteralPart(first.Text[(eq + 1)..], false));
        rest.AddRange(word.Parts.Skip(1));
        return (first.Text[..eq], new Word(rest));
    }

    public static bool IsName(string s) => s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    // ---- tokens ----

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
