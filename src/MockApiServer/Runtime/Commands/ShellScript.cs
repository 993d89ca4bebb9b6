using MockApiServer.Runtime.Commands.Shell;

namespace MockApiServer.Runtime.Commands;

/// <summary>
/// A parsed sh script (see <see cref="ShellParser"/> for what the grammar covers and
/// <see cref="ShellInterpreter"/> for how it runs): what <c>sh -c</c>, an interactive shell's
/// line and a container's <c>command</c> run.
/// </summary>
public sealed class ShellScript
{
    private readonly CommandList _list;

    private ShellScript(CommandList list) => _list = list;

    /// <summary>Parses a script; a syntax error gives null and dash's message ("Syntax error: …").</summary>
    public static ShellScript? Parse(string script, out string? error)
    {
        try
        {
            error = null;
            return new ShellScript(ShellParser.Parse(script));
        }
        catch (ShellSyntaxException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>Runs the script with these variables (changed in place) and positional parameters; the last exit code, and whether <c>exit</c> ran.</summary>
    public async Task<(int Code, bool Exited)> RunAsync(ExecContext ctx, Dictionary<string, string> variables, int lastCode = 0, IReadOnlyList<string>? positional = null)
    {
        var shell = new ShellInterpreter(ctx, variables, positional ?? [], lastCode);
        var code = await shell.RunAsync(_list).ConfigureAwait(false);
        return (code, shell.Exiting);
    }
}
