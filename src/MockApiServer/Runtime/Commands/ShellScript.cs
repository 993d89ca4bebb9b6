using System.Text;

namespace MockApiServer.Runtime.Commands;

/// <summary>
/// The little of POSIX sh that people type after <c>kubectl exec … -- sh -c</c>: quoting,
/// <c>$VAR</c>/<c>${VAR}</c>/<c>$?</c>, <c>;</c> <c>&amp;&amp;</c> <c>||</c> <c>|</c>, <c>NAME=value</c>,
/// <c>export</c>, <c>exit</c>, and the redirects <c>2&gt;&amp;1</c> and <c>&gt;/dev/null</c>.
/// Each simple command runs a registered <see cref="IExecCommand"/>.
/// </summary>
public sealed class ShellScript
{
    private readonly List<Word> _words;

    private ShellScript(List<Word> words) => _words = words;

    /// <summary>A word is made of parts; single-quoted parts are not expanded. Operators are one unexpanded part with Operator set.</summary>
    private sealed record Part(string Text, bool Expand);

    private sealed record Word(List<Part> Parts, string? Operator = null)
    {
        public bool Quoted => Parts.Any(p => !p.Expand) || Parts.Count > 1;
        public string Raw => string.Concat(Parts.Select(p => p.Text));
    }

    /// <summary>Parses a script; a syntax error (unterminated quote) gives null.</summary>
    public static ShellScript? Parse(string script)
    {
        var words = new List<Word>();
        var parts = new List<Part>();
        var current = new StringBuilder();
        var inWord = false;
        void EndPart(bool expand)
        {
            if (current.Length > 0 || !expand) parts.Add(new Part(current.ToString(), expand));
            current.Clear();
        }
        void EndWord()
        {
            EndPart(true);
            if (inWord) words.Add(new Word(parts));
            parts = [];
            inWord = false;
        }
        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            if (c == '\'' || c == '"')
            {
                EndPart(true);
                var close = c == '"' ? FindDoubleQuoteEnd(script, i + 1) : script.IndexOf('\'', i + 1);
                if (close < 0) return null;
                var text = script[(i + 1)..close];
                parts.Add(new Part(c == '"' ? text.Replace("\\\"", "\"").Replace("\\\\", "\\") : text, c == '"'));
                inWord = true;
                i = close;
            }
            else if (c == '\\' && i + 1 < script.Length)
            {
                EndPart(true);
                parts.Add(new Part(script[i + 1].ToString(), false));
                inWord = true;
                i++;
            }
            else if (c is ' ' or '\t') EndWord();
            else if (c == '#' && !inWord) i = script.IndexOf('\n', i) is var nl and >= 0 ? nl - 1 : script.Length;
            else if (c is ';' or '\n' or '|' or '&' && !IsRedirectAmpersand(script, i))
            {
                EndWord();
                var op = c == '\n' ? ";" : c.ToString();
                if ((c == '|' || c == '&') && i + 1 < script.Length && script[i + 1] == c) { op += c; i++; }
                words.Add(new Word([new Part(op, false)], op));
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }
        EndWord();
        return new ShellScript(words);
    }

    /// <summary>The &amp; of 2&gt;&amp;1 or &amp;&gt;/dev/null, which is part of a redirect, not an operator.</summary>
    private static bool IsRedirectAmpersand(string s, int i) =>
        s[i] == '&' && ((i > 0 && s[i - 1] == '>') || (i + 1 < s.Length && s[i + 1] == '>'));

    private static int FindDoubleQuoteEnd(string s, int from)
    {
        for (var i = from; i < s.Length; i++)
        {
            if (s[i] == '\\') { i++; continue; }
            if (s[i] == '"') return i;
        }
        return -1;
    }

    /// <summary>Runs the script; returns the last exit code, and whether <c>exit</c> was called.</summary>
    public async Task<(int Code, bool Exited)> RunAsync(ExecContext ctx, Dictionary<string, string> variables, int lastCode = 0)
    {
        var words = _words;
        var i = 0;
        var code = lastCode;
        string? connector = null;
        while (i < words.Count)
        {
            var pipeline = new List<List<Word>> { new() };
            for (; i < words.Count && words[i].Operator is not (";" or "&&" or "||" or "&"); i++)
            {
                if (words[i].Operator == "|") pipeline.Add([]);
                else pipeline[^1].Add(words[i]);
            }
            var next = i < words.Count ? words[i].Operator : null;
            i++;
            var skip = (connector == "&&" && code != 0) || (connector == "||" && code == 0) || pipeline.All(c => c.Count == 0);
            connector = next;
            if (skip) continue;
            var (result, exited) = await RunPipelineAsync(ctx, variables, pipeline, code).ConfigureAwait(false);
            code = result;
            if (exited) return (code, true);
        }
        return (code, false);
    }

    private static async Task<(int, bool)> RunPipelineAsync(ExecContext ctx, Dictionary<string, string> variables, List<List<Word>> pipeline, int lastCode)
    {
        TextReader stdin = ctx.Stdin;
        var code = lastCode;
        for (var n = 0; n < pipeline.Count; n++)
        {
            var last = n == pipeline.Count - 1;
            var captured = last ? null : new StringWriter();
            var (result, exited) = await RunSimpleAsync(ctx, variables, pipeline[n], lastCode, stdin, captured ?? ctx.Stdout).ConfigureAwait(false);
            code = result;
            if (exited && last) return (code, true);
            if (captured is not null) stdin = new StringReader(captured.ToString());
        }
        return (code, false);
    }

    private static async Task<(int, bool)> RunSimpleAsync(ExecContext ctx, Dictionary<string, string> variables, List<Word> words, int lastCode,
        TextReader stdin, TextWriter stdout)
    {
        var argv = new List<string>();
        var stderr = ctx.Stderr;
        var assignments = new List<(string, string)>();
        foreach (var word in words)
        {
            var raw = word.Raw;
            if (!word.Quoted && raw is "2>&1") { stderr = stdout; continue; }
            if (!word.Quoted && raw is ">/dev/null" or "1>/dev/null") { stdout = TextWriter.Null; continue; }
            if (!word.Quoted && raw is "2>/dev/null") { stderr = TextWriter.Null; continue; }
            if (!word.Quoted && raw is "&>/dev/null") { stdout = TextWriter.Null; stderr = TextWriter.Null; continue; }
            var value = Expand(word, variables, lastCode);
            if (argv.Count == 0 && IsAssignment(word)) assignments.Add((value[..value.IndexOf('=')], value[(value.IndexOf('=') + 1)..]));
            else argv.Add(value);
        }
        if (argv.Count == 0)
        {
            foreach (var (k, v) in assignments) variables[k] = v;
            return (0, false);
        }
        switch (argv[0])
        {
            case "exit":
                return (argv.Count > 1 && int.TryParse(argv[1], out var exitCode) ? exitCode & 0xff : lastCode, true);
            case "export":
                foreach (var a in argv.Skip(1).Where(a => a.Contains('='))) variables[a[..a.IndexOf('=')]] = a[(a.IndexOf('=') + 1)..];
                return (0, false);
            case "cd" or ":":
                return (0, false);
        }
        var env = new Dictionary<string, string>(variables, StringComparer.Ordinal);
        foreach (var (k, v) in assignments) env[k] = v;
        if (ctx.Commands.Find(argv[0]) is not { } command)
        {
            await stderr.WriteAsync($"sh: 1: {argv[0]}: not found\n").ConfigureAwait(false);
            return (ExecCommandRegistry.NotFoundExitCode, false);
        }
        var child = ctx.With(argv, stdin, stdout, stderr, env);
        return (await command.RunAsync(child).ConfigureAwait(false), false);
    }

    private static bool IsAssignment(Word word)
    {
        var first = word.Parts.FirstOrDefault();
        if (first is null || !first.Expand) return false;
        var eq = first.Text.IndexOf('=');
        return eq > 0 && first.Text[..eq].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(first.Text[0]);
    }

    private static string Expand(Word word, IReadOnlyDictionary<string, string> variables, int lastCode)
    {
        var sb = new StringBuilder();
        foreach (var part in word.Parts)
        {
            if (!part.Expand) { sb.Append(part.Text); continue; }
            var t = part.Text;
            for (var i = 0; i < t.Length; i++)
            {
                if (t[i] != '$' || i + 1 >= t.Length) { sb.Append(t[i]); continue; }
                if (t[i + 1] == '?') { sb.Append(lastCode); i++; continue; }
                string name;
                if (t[i + 1] == '{')
                {
                    var close = t.IndexOf('}', i + 2);
                    if (close < 0) { sb.Append(t[i]); continue; }
                    name = t[(i + 2)..close];
                    i = close;
                }
                else
                {
                    var end = i + 1;
                    while (end < t.Length && (char.IsAsciiLetterOrDigit(t[end]) || t[end] == '_')) end++;
                    if (end == i + 1) { sb.Append(t[i]); continue; }
                    name = t[(i + 1)..end];
                    i = end - 1;
                }
                sb.Append(variables.GetValueOrDefault(name, ""));
            }
        }
        return sb.ToString();
    }
}
