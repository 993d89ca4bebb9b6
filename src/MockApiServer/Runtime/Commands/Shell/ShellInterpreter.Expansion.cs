using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MockApiServer.Runtime.Commands.Shell;

/// <summary>Words to fields (parameters, command substitution, arithmetic, field splitting, patterns) and redirects to streams and files.</summary>
internal sealed partial class ShellInterpreter
{
    /// <summary>The streams after the redirects, left to right; null (with the error written) when one fails, as dash reports it.</summary>
    private async Task<ShellIo?> RedirectAsync(IReadOnlyList<Redirect> redirects, ShellIo io)
    {
        foreach (var r in redirects)
        {
            var target = await ExpandStringAsync(r.Target, io).ConfigureAwait(false);
            var fd = r.Fd ?? (r.Op is "<" or "<&" ? 0 : 1);
            switch (r.Op)
            {
                case ">&" or "<&":
                    var stream = target switch { "1" => (object)io.Out, "2" => io.Err, "0" => io.In, "-" => TextWriter.Null, _ => null };
                    if (stream is null)
                    {
                        await io.Err.WriteAsync($"sh: 1: Syntax error: Bad fd number\n").ConfigureAwait(false);
                        return null;
                    }
                    io = fd switch
                    {
                        0 => io with { In = stream as TextReader ?? TextReader.Null },
                        2 => io with { Err = stream as TextWriter ?? TextWriter.Null },
                        _ => io with { Out = stream as TextWriter ?? TextWriter.Null },
                    };
                    break;
                case "<":
                    if (_ctx.ReadFile(FullPath(target)) is not { } content)
                    {
                        await io.Err.WriteAsync($"sh: 1: cannot open {target}: No such file\n").ConfigureAwait(false);
                        return null;
                    }
                    io = io with { In = new StringReader(content) };
                    break;
                default:
                    if (OpenForWriting(target, r.Op == ">>", io) is not { } writer)
                    {
                        await io.Err.WriteAsync($"sh: 1: cannot create {target}: Directory nonexistent\n").ConfigureAwait(false);
                        return null;
                    }
                    io = r.Op == "&>" ? io with { Out = writer, Err = writer } : fd == 2 ? io with { Err = writer } : io with { Out = writer };
                    break;
            }
        }
        return io;
    }

    private TextWriter? OpenForWriting(string target, bool append, ShellIo io)
    {
        var path = FullPath(target);
        switch (path)
        {
            case "/dev/null": return TextWriter.Null;
            case "/dev/stdout": return io.Out;
            case "/dev/stderr": return io.Err;
        }
        return _ctx.Files.Write(path, "", append) ? new FileWriter(_ctx.Files, path) : null;
    }

    private string FullPath(string path) => ContainerFileSystem.Normalize(path, Variables.GetValueOrDefault("PWD", "/"));

    /// <summary>Appends each write to a container file as it comes.</summary>
    private sealed class FileWriter(ContainerFileSystem files, string path) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => files.Write(path, value.ToString(), append: true);
        public override void Write(string? value) => files.Write(path, value ?? "", append: true);
        public override Task WriteAsync(string? value) { Write(value); return Task.CompletedTask; }
        public override Task WriteAsync(char value) { Write(value); return Task.CompletedTask; }
    }

    // ---- expansion ----

    private async Task<List<string>> ExpandFieldsAsync(Word word, ShellIo io)
    {
        var fields = new List<string>();
        StringBuilder? current = null;
        void Split(string text)
        {
            var i = 0;
            while (i < text.Length)
            {
                if (Ifs.Contains(text[i]))
                {
                    if (current is not null) { fields.Add(current.ToString()); current = null; }
                    i++;
                    continue;
                }
                var start = i;
                while (i < text.Length && !Ifs.Contains(text[i])) i++;
                (current ??= new StringBuilder()).Append(text, start, i - start);
            }
        }
        for (var p = 0; p < word.Parts.Count; p++)
        {
            var part = word.Parts[p];
            if (part is ParameterPart { Name: "@", Op: null, Quoted: true })
            {
                for (var i = 0; i < _positional.Count; i++)
                {
                    if (i > 0) { fields.Add(current?.ToString() ?? ""); current = null; }
                    (current ??= new StringBuilder()).Append(_positional[i]);
                }
                continue;
            }
            if (part is LiteralPart literal)
            {
                var text = p == 0 && !literal.Quoted ? Tilde(literal.Text) : literal.Text;
                (current ??= new StringBuilder()).Append(text);
                continue;
            }
            var value = await ValueAsync(part, io).ConfigureAwait(false);
            if (part.Quoted) (current ??= new StringBuilder()).Append(value);
            else Split(value);
        }
        if (current is not null) fields.Add(current.ToString());
        return fields;
    }

    private async Task<string> ExpandStringAsync(Word word, ShellIo io)
    {
        var sb = new StringBuilder();
        for (var p = 0; p < word.Parts.Count; p++)
        {
            var part = word.Parts[p];
            sb.Append(part is LiteralPart l ? (p == 0 && !l.Quoted ? Tilde(l.Text) : l.Text) : await ValueAsync(part, io).ConfigureAwait(false));
        }
        return sb.ToString();
    }

    private string Tilde(string text) =>
        text == "~" || text.StartsWith("~/", StringComparison.Ordinal) ? Variables.GetValueOrDefault("HOME", "/root") + text[1..] : text;

    private async Task<string> ValueAsync(WordPart part, ShellIo io) => part switch
    {
        ParameterPart p => await ParameterAsync(p, io).ConfigureAwait(false),
        CommandPart c => await SubstituteAsync(c.Script, io).ConfigureAwait(false),
        ArithmeticPart a => ShellArithmetic.Evaluate(await ExpandStringAsync(ShellParser.ParseText(a.Expression), io).ConfigureAwait(false), Variables)
            .ToString(CultureInfo.InvariantCulture),
        LiteralPart l => l.Text,
        _ => "",
    };

    private async Task<string> SubstituteAsync(string script, ShellIo io)
    {
        var output = new StringWriter();
        var sub = Subshell();
        var code = await sub.RunListAsync(ShellParser.Parse(script), io with { Out = output }).ConfigureAwait(false);
        _substitutionStatus = Last = code;
        return output.ToString().TrimEnd('\n');
    }

    private string? Lookup(string name) => name switch
    {
        "?" => Last.ToString(CultureInfo.InvariantCulture),
        "#" => _positional.Count.ToString(CultureInfo.InvariantCulture),
        "$" => "1",
        "!" => _jobs.Count == 0 ? "" : (_jobs.Count + 1).ToString(CultureInfo.InvariantCulture),
        "-" => "",
        "@" or "*" => string.Join(' ', _positional),
        "0" => Variables.GetValueOrDefault("0", "sh"),
        _ when char.IsAsciiDigit(name[0]) => int.Parse(name, CultureInfo.InvariantCulture) is var n && n <= _positional.Count ? _positional[n - 1] : null,
        _ => Variables.TryGetValue(name, out var v) ? v : null,
    };

    private async Task<string> ParameterAsync(ParameterPart p, ShellIo io)
    {
        var value = Lookup(p.Name);
        if (p.Op is null) return value ?? "";
        var argument = p.Argument is null ? "" : await ExpandStringAsync(ShellParser.ParseText(p.Argument), io).ConfigureAwait(false);
        var unsetOrEmpty = string.IsNullOrEmpty(value);
        switch (p.Op)
        {
            case "#len": return (value ?? "").Length.ToString(CultureInfo.InvariantCulture);
            case ":-": return unsetOrEmpty ? argument : value!;
            case "-": return value ?? argument;
            case ":+": return unsetOrEmpty ? "" : argument;
            case "+": return value is null ? "" : argument;
            case ":=" or "=":
                if (p.Op == ":=" ? unsetOrEmpty : value is null) Variables[p.Name] = value = argument;
                return value!;
            case ":?" or "?":
                if (p.Op == ":?" ? !unsetOrEmpty : value is not null) return value!;
                throw new ShellSyntaxException($"{p.Name}: {(argument.Length > 0 ? argument : "parameter not set")}");
            case "#" or "##" or "%" or "%%":
                return RemoveAffix(value ?? "", argument, p.Op);
        }
        return value ?? "";
    }

    private static string RemoveAffix(string value, string pattern, string op)
    {
        var glob = GlobBody(pattern);
        var prefix = op.StartsWith('#');
        var greedy = op.Length == 2;
        var lengths = greedy ? Enumerable.Range(0, value.Length + 1).Reverse() : Enumerable.Range(0, value.Length + 1);
        foreach (var n in lengths)
        {
            var piece = prefix ? value[..n] : value[(value.Length - n)..];
            if (Regex.IsMatch(piece, $"^{glob}$", RegexOptions.None, TimeSpan.FromSeconds(1))) return prefix ? value[n..] : value[..(value.Length - n)];
        }
        return value;
    }

    private static Regex Glob(string pattern) => new($"^{GlobBody(pattern)}$", RegexOptions.Singleline, TimeSpan.FromSeconds(1));

    private static string GlobBody(string pattern)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*') sb.Append(".*");
            else if (c == '?') sb.Append('.');
            else if (c == '[' && pattern.IndexOf(']', i + 1) is var close and > 0)
            {
                var set = pattern[(i + 1)..close];
                sb.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                i = close;
            }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }
}
