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
internal sealed partial class ShellInterpreter
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

}
