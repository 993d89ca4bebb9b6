using System.Text;

namespace MockApiServer.Runtime.Commands.Shell;

/// <summary>
/// POSIX sh's grammar, as far as scripts in pod specs and debugging guides go: lists with
/// <c>;</c> <c>&amp;</c> <c>&amp;&amp;</c> <c>||</c>, pipelines with <c>!</c>, if/while/until/for/case,
/// <c>{ }</c> and <c>( )</c> groups, functions, redirects, quoting, and the expansions
/// <c>$NAME ${NAME…} $(…) `…` $((…))</c>. Here-documents are not read.
/// </summary>
internal sealed partial class ShellParser
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
}
