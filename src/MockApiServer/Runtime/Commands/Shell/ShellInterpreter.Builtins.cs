using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MockApiServer.Runtime.Commands.Shell;

/// <summary>The builtins: what runs inside the shell itself rather than as a program.</summary>
internal sealed partial class ShellInterpreter
{
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
}
