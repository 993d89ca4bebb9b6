using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MockApiServer.Runtime.Commands.Shell;

/// <summary>The standard streams one command runs with, after its redirects.</summary>
internal sealed record ShellIo(TextReader In, TextWriter Out, TextWriter Err);

/// <summary>
/// Runs parsed sh: variables (all exported to commands), positional parameters, <c>$?</c>,
/// functions, loops with break/continue, background jobs and <c>wait</c>, redirects to the
/// container's files, and the builtins scripts lean on (<c>cd exit export unset read set shift
/// test [ break continue return eval exec wait trap printf command</c>). Other names run the
/// registered <see cref="IExecCommand"/>s.
/// </summary>
internal sealed class ShellInterpreter
{
    private const string Ifs = " \t\n";
    // A loop that never waits would spin a thread forever; after this many turns it yields a tick of the clock.
    private const int TurnsBeforeYield = 10_000;

    private readonly ExecContext _ctx;
    private readonly Dictionary<string, Command> _functions;
    private readonly List<Task> _jobs = [];
    private List<string> _positional;
    private int _loopDepth;
    private int _breaking;
    private int _continuing;
    private bool _returning;
    private int? _substitutionStatus;

    public ShellInterpreter(ExecContext ctx, Dictionary<string, string> variables, IReadOnlyList<string> positional, int last = 0)
    {
        _ctx = ctx;
        Variables = variables;
        Variables.TryAdd("PWD", ctx.WorkingDirectory);
        _positional = [.. positional];
        _functions = [];
        Last = last;
    }

    private ShellInterpreter(ShellInterpreter parent)
    {
        _ctx = parent._ctx;
        Variables = new Dictionary<string, string>(parent.Variables, StringComparer.Ordinal);
        _positional = [.. parent._positional];
        _functions = new Dictionary<string, Command>(parent._functions, StringComparer.Ordinal);
        Last = parent.Last;
    }

    public Dictionary<string, string> Variables { get; }

    public int Last { get; private set; }

    /// <summary>True once <c>exit</c> ran (or a fatal expansion error): the shell ends.</summary>
    public bool Exiting { get; private set; }

    public async Task<int> RunAsync(CommandList list)
    {
        var io = new ShellIo(_ctx.Stdin, _ctx.Stdout, _ctx.Stderr);
        try
        {
            return await RunListAsync(list, io).ConfigureAwait(false);
        }
        catch (ShellSyntaxException e)
        {
            await io.Err.WriteAsync($"sh: 1: {e.Message}\n").ConfigureAwait(false);
            Exiting = true;
            return Last = 2;
        }
    }

    private ShellInterpreter Subshell() => new(this);

    private bool Interrupted => Exiting || _breaking > 0 || _continuing > 0 || _returning;

    private async Task<int> RunListAsync(CommandList list, ShellIo io)
    {
        foreach (var (command, background) in list.Items)
        {
            if (Interrupted) break;
            _ctx.Cancellation.ThrowIfCancellationRequested();
            if (background)
            {
                var job = Subshell();
                _jobs.Add(Task.Run(() => job.RunAndOrAsync(command, io with { In = TextReader.Null })));
                Last = 0;
                continue;
            }
            Last = await RunAndOrAsync(command, io).ConfigureAwait(false);
        }
        return Last;
    }

    private async Task<int> RunAndOrAsync(AndOrList list, ShellIo io)
    {
        var code = Last = await RunPipelineAsync(list.First, io).ConfigureAwait(false);
        foreach (var (op, pipeline) in list.Rest)
        {
            if (Interrupted) break;
            if ((op == "&&") != (code == 0)) continue;
            code = Last = await RunPipelineAsync(pipeline, io).ConfigureAwait(false);
        }
        return code;
    }

    /// <summary>Stages run one after the other, each reading what the one before wrote (in subshells when there are several).</summary>
    private async Task<int> RunPipelineAsync(Pipeline pipeline, ShellIo io)
    {
        int code;
        if (pipeline.Commands.Count == 1) code = await RunCommandAsync(pipeline.Commands[0], io).ConfigureAwait(false);
        else
        {
            code = 0;
            var input = io.In;
            for (var i = 0; i < pipeline.Commands.Count; i++)
            {
                var last = i == pipeline.Commands.Count - 1;
                var output = last ? null : new StringWriter();
                code = await Subshell().RunCommandAsync(pipeline.Commands[i], io with { In = input, Out = output ?? io.Out }).ConfigureAwait(false);
                if (output is not null) input = new StringReader(output.ToString());
            }
        }
        return pipeline.Negated ? (code == 0 ? 1 : 0) : code;
    }

    private async Task<int> RunCommandAsync(Command command, ShellIo io)
    {
        switch (command)
        {
            case SimpleCommand simple:
                return await RunSimpleAsync(simple, io).ConfigureAwait(false);
            case FunctionDefinition f:
                _functions[f.Name] = f.Body;
                return 0;
        }
        var redirects = command switch
        {
            IfCommand c => c.Redirects,
            LoopCommand c => c.Redirects,
            ForCommand c => c.Redirects,
            CaseCommand c => c.Redirects,
            GroupCommand c => c.Redirects,
            _ => [],
        };
        if (await RedirectAsync(redirects, io).ConfigureAwait(false) is not { } redirected) return 2;
        return command switch
        {
            IfCommand c => await RunIfAsync(c, redirected).ConfigureAwait(false),
            LoopCommand c => await RunLoopAsync(c, redirected).ConfigureAwait(false),
            ForCommand c => await RunForAsync(c, redirected).ConfigureAwait(false),
            CaseCommand c => await RunCaseAsync(c, redirected).ConfigureAwait(false),
            GroupCommand { Subshell: true } c => await Subshell().RunListAsync(c.Body, redirected).ConfigureAwait(false),
            GroupCommand c => await RunListAsync(c.Body, redirected).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"unknown command {command.GetType().Name}"),
        };
    }

    private async Task<int> RunIfAsync(IfCommand c, ShellIo io)
    {
        foreach (var (condition, body) in c.Branches)
        {
            var test = await RunListAsync(condition, io).ConfigureAwait(false);
            if (Interrupted) return test;
            if (test == 0) return await RunListAsync(body, io).ConfigureAwait(false);
        }
        return c.Else is null ? 0 : await RunListAsync(c.Else, io).ConfigureAwait(false);
    }

    private async Task<int> RunLoopAsync(LoopCommand c, ShellIo io)
    {
        var code = 0;
        _loopDepth++;
        try
        {
            for (var turn = 1; ; turn++)
            {
                await PaceAsync(turn).ConfigureAwait(false);
                var test = await RunListAsync(c.Condition, io).ConfigureAwait(false);
                if (Exiting || _returning) break;
                if ((test == 0) == c.Until) break;
                code = await RunListAsync(c.Body, io).ConfigureAwait(false);
                if (LoopControl()) break;
            }
        }
        finally
        {
            _loopDepth--;
        }
        return code;
    }

    private async Task<int> RunForAsync(ForCommand c, ShellIo io)
    {
        var items = new List<string>();
        if (c.Words is null) items.AddRange(_positional);
        else foreach (var w in c.Words) items.AddRange(await ExpandFieldsAsync(w, io).ConfigureAwait(false));
        var code = 0;
        _loopDepth++;
        try
        {
            var turn = 0;
            foreach (var item in items)
            {
                await PaceAsync(++turn).ConfigureAwait(false);
                Variables[c.Name] = item;
                code = await RunListAsync(c.Body, io).ConfigureAwait(false);
                if (LoopControl()) break;
            }
        }
        finally
        {
            _loopDepth--;
        }
        return code;
    }

    /// <summary>After a loop body: true when the loop must end (break, exit, return, or continue for an outer loop).</summary>
    private bool LoopControl()
    {
        if (_breaking > 0) { _breaking--; return true; }
        if (_continuing > 0) { _continuing--; return _continuing > 0; }
        return Exiting || _returning;
    }

    private async Task PaceAsync(int turn)
    {
        _ctx.Cancellation.ThrowIfCancellationRequested();
        if (turn % TurnsBeforeYield == 0) await Task.Delay(TimeSpan.FromMilliseconds(1), _ctx.Time, _ctx.Cancellation).ConfigureAwait(false);
    }

    private async Task<int> RunCaseAsync(CaseCommand c, ShellIo io)
    {
        var subject = await ExpandStringAsync(c.Subject, io).ConfigureAwait(false);
        foreach (var (patterns, body) in c.Items)
            foreach (var pattern in patterns)
                if (Glob(await ExpandStringAsync(pattern, io).ConfigureAwait(false)).IsMatch(subject))
                    return await RunListAsync(body, io).ConfigureAwait(false);
        return 0;
    }

    private async Task<int> RunSimpleAsync(SimpleCommand c, ShellIo io)
    {
        _substitutionStatus = null;
        var argv = new List<string>();
        foreach (var w in c.Words) argv.AddRange(await ExpandFieldsAsync(w, io).ConfigureAwait(false));
        var assigned = new List<(string Name, string Value)>();
        foreach (var (name, value) in c.Assignments) assigned.Add((name, await ExpandStringAsync(value, io).ConfigureAwait(false)));
        if (await RedirectAsync(c.Redirects, io).ConfigureAwait(false) is not { } redirected) return 2;
        if (argv.Count == 0)
        {
            foreach (var (name, value) in assigned) Variables[name] = value;
            return _substitutionStatus ?? 0;
        }
        if (_functions.TryGetValue(argv[0], out var body)) return await CallAsync(body, argv, redirected).ConfigureAwait(false);
        if (await RunBuiltinAsync(argv, assigned, redirected).ConfigureAwait(false) is { } builtin) return builtin;
        return await RunProgramAsync(argv, assigned, redirected).ConfigureAwait(false);
    }

    private async Task<int> RunProgramAsync(List<string> argv, List<(string Name, string Value)> assigned, ShellIo io)
    {
        if (_ctx.Commands.Find(argv[0]) is not { } program)
        {
            await io.Err.WriteAsync($"sh: 1: {argv[0]}: not found\n").ConfigureAwait(false);
            return ExecCommandRegistry.NotFoundExitCode;
        }
        var env = new Dictionary<string, string>(Variables, StringComparer.Ordinal);
        foreach (var (name, value) in assigned) env[name] = value;
        var child = _ctx.With(argv, io.In, io.Out, io.Err, env, Variables.GetValueOrDefault("PWD", "/"));
        var code = await program.RunAsync(child).ConfigureAwait(false);
        await io.Out.FlushAsync(_ctx.Cancellation).ConfigureAwait(false);
        return code;
    }

    private async Task<int> CallAsync(Command body, List<string> argv, ShellIo io)
    {
        var saved = _positional;
        _positional = argv.Skip(1).ToList();
        try
        {
            var code = await RunCommandAsync(body, io).ConfigureAwait(false);
            if (_returning) { _returning = false; code = Last; }
            return code;
        }
        finally
        {
            _positional = saved;
        }
    }

    /// <summary>The builtin's exit code, or null when argv[0] is no builtin.</summary>
    private async Task<int?> RunBuiltinAsync(List<string> argv, List<(string Name, string Value)> assigned, ShellIo io)
    {
        var args = argv.Skip(1).ToList();
        switch (argv[0])
        {
            case ":" or "true" or "trap":
                return 0;
            case "false":
                return 1;
            case "exit":
                Exiting = true;
                return Last = args.Count > 0 && int.TryParse(args[0], out var exit) ? exit & 0xff : Last;
            case "return":
                _returning = true;
                return Last = args.Count > 0 && int.TryParse(args[0], out var ret) ? ret & 0xff : Last;
            case "break" or "continue":
                if (_loopDepth == 0) return 0;
                var levels = Math.Min(args.Count > 0 && int.TryParse(args[0], out var n) && n > 0 ? n : 1, _loopDepth);
                if (argv[0] == "break") _breaking = levels; else _continuing = levels;
                return 0;
            case "export" or "local" or "readonly":
                foreach (var a in args.Where(a => a.Contains('='))) Variables[a[..a.IndexOf('=')]] = a[(a.IndexOf('=') + 1)..];
                return 0;
            case "unset":
                foreach (var a in args.Where(a => a != "-v" && a != "-f")) { Variables.Remove(a); _functions.Remove(a); }
                return 0;
            case "cd":
                return await ChangeDirectoryAsync(args.FirstOrDefault(a => a != "-P" && a != "-L") ?? Variables.GetValueOrDefault("HOME", "/"), io).ConfigureAwait(false);
            case "pwd":
                await io.Out.WriteAsync(Variables.GetValueOrDefault("PWD", "/") + "\n").ConfigureAwait(false);
                return 0;
            case "test" or "[":
                return await ShellTest.RunAsync(argv, _ctx.With(argv, workingDirectory: Variables.GetValueOrDefault("PWD", "/")), io.Err).ConfigureAwait(false);
            case "read":
                return await ReadAsync(args, io).ConfigureAwait(false);
            case "set":
                var dashes = args.IndexOf("--");
                if (dashes >= 0) _positional = args.Skip(dashes + 1).ToList();
                return 0;
            case "shift":
                var count = args.Count > 0 && int.TryParse(args[0], out var s) ? s : 1;
                if (count > _positional.Count) return 1;
                _positional.RemoveRange(0, count);
                return 0;
            case "wait":
                await Task.WhenAll(_jobs).WaitAsync(_ctx.Cancellation).ConfigureAwait(false);
                return 0;
            case "eval":
                return await RunListAsync(ShellParser.Parse(string.Join(' ', args)), io).ConfigureAwait(false);
            case "exec":
                if (args.Count == 0) return 0;
                var code = await RunBuiltinAsync(args, assigned, io).ConfigureAwait(false) ?? await RunProgramAsync(args, assigned, io).ConfigureAwait(false);
                Exiting = true;
                return Last = code;
            case "printf":
                return await PrintfAsync(args, io).ConfigureAwait(false);
            case "command" when args.Count >= 2 && args[0] is "-v" or "-V":
                return await WhichAsync(args.Skip(1), io).ConfigureAwait(false);
            case "command" when args.Count > 0:
                return await RunBuiltinAsync(args, assigned, io).ConfigureAwait(false) ?? await RunProgramAsync(args, assigned, io).ConfigureAwait(false);
            case "which":
                return await WhichAsync(args, io).ConfigureAwait(false);
        }
        return null;
    }

    private async Task<int> ChangeDirectoryAsync(string target, ShellIo io)
    {
        var path = ContainerFileSystem.Normalize(target, Variables.GetValueOrDefault("PWD", "/"));
        if (!_ctx.Files.IsDirectory(path))
        {
            await io.Err.WriteAsync($"sh: 1: cd: can't cd to {target}\n").ConfigureAwait(false);
            return 2;
        }
        Variables["OLDPWD"] = Variables.GetValueOrDefault("PWD", "/");
        Variables["PWD"] = path;
        return 0;
    }

    private async Task<int> ReadAsync(List<string> args, ShellIo io)
    {
        var names = args.Where(a => !a.StartsWith('-')).ToList();
        var line = await io.In.ReadLineAsync(_ctx.Cancellation).ConfigureAwait(false);
        if (line is null) return 1;
        if (names.Count == 0) names.Add("REPLY");
        var fields = line.Trim().Split(Ifs.ToCharArray(), names.Count, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < names.Count; i++) Variables[names[i]] = i < fields.Length ? fields[i].Trim() : "";
        return 0;
    }

    private async Task<int> WhichAsync(IEnumerable<string> names, ShellIo io)
    {
        var code = 0;
        foreach (var name in names)
        {
            if (_ctx.Commands.Find(name) is not null) await io.Out.WriteAsync(name.Contains('/') ? name + "\n" : $"/usr/bin/{name}\n").ConfigureAwait(false);
            else code = 1;
        }
        return code;
    }

    /// <summary>printf FORMAT ARG…: %s %d %i %c %x %o %% and the backslash escapes, the format reused while arguments remain.</summary>
    private async Task<int> PrintfAsync(List<string> args, ShellIo io)
    {
        if (args.Count == 0)
        {
            await io.Err.WriteAsync("printf: usage: printf format [arguments]\n").ConfigureAwait(false);
            return 2;
        }
        var format = args[0];
        var values = new Queue<string>(args.Skip(1));
        var sb = new StringBuilder();
        do
        {
            for (var i = 0; i < format.Length; i++)
            {
                var c = format[i];
                if (c == '\\' && i + 1 < format.Length)
                {
                    sb.Append(Escape(format[++i]));
                    continue;
                }
                if (c != '%' || i + 1 >= format.Length) { sb.Append(c); continue; }
                var spec = format[++i];
                var value = spec == '%' ? "%" : values.Count > 0 ? values.Dequeue() : "";
                sb.Append(spec switch
                {
                    '%' => "%",
                    'd' or 'i' => long.TryParse(value, out var d) ? d.ToString(CultureInfo.InvariantCulture) : "0",
                    'x' => long.TryParse(value, out var x) ? x.ToString("x", CultureInfo.InvariantCulture) : "0",
                    'o' => long.TryParse(value, out var o) ? Convert.ToString(o, 8) : "0",
                    'c' => value.Length > 0 ? value[..1] : "",
                    'b' => string.Concat(value.Select(ch => ch.ToString())),
                    _ => value,
                });
            }
        }
        while (values.Count > 0);
        await io.Out.WriteAsync(sb.ToString()).ConfigureAwait(false);
        return 0;
    }

    private static string Escape(char c) => c switch { 'n' => "\n", 't' => "\t", 'r' => "\r", '\\' => "\\", 'a' => "\a", '0' => "\0", _ => "\\" + c };

    // ---- redirects ----

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
