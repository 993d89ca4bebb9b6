using k8s.Models;
using MockApiServer.Networking.Dns;
using MockApiServer.Runtime;
using MockApiServer.Runtime.Commands;

namespace MockApiServer.Tests.Runtime;

/// <summary>The in-pod shell: the sh the debugging guides and pod commands use, run on its own (no server).</summary>
public class ShellScriptTests
{
    private static readonly ExecCommandRegistry Commands = new IExecCommand[]
    {
        new EchoCommand(), new CatCommand(), new TrueCommand(), new FalseCommand(), new GrepCommand(), new ShCommand(), new SleepCommand(), new TailCommand(),
    } is var commands ? new ExecCommandRegistry(commands) : null!;

    private static async Task<(int Code, string Out, string Err, ContainerFileSystem Files)> RunAsync(string script, string stdin = "", ContainerFileSystem? files = null)
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "shell", NamespaceProperty = "default", Uid = "u" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] } };
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        files ??= new ContainerFileSystem();
        var ctx = new ExecContext
        {
            Pod = pod,
            ContainerName = "c",
            Container = new ContainerState(new Dictionary<string, string> { ["GREETING"] = "hi" }, "shell", DateTimeOffset.UnixEpoch, 0, [], null),
            Args = ["sh", "-c", script],
            Environment = new Dictionary<string, string> { ["HOME"] = "/root", ["GREETING"] = "hi" },
            Stdin = new StringReader(stdin),
            Stdout = stdout,
            Stderr = stderr,
            Store = null!,
            Commands = Commands,
            ClusterDomain = "cluster.local",
            ResolvConf = new ResolvConf(["10.96.0.10"], ["default.svc.cluster.local"], ["ndots:5"]),
            Files = files,
        };
        var code = await Commands.RunAsync(ctx);
        return (code, stdout.ToString(), stderr.ToString(), files);
    }

    [Theory]
    [InlineData("echo a; echo b", "a\nb\n")]
    [InlineData("true && echo yes || echo no", "yes\n")]
    [InlineData("false && echo yes || echo no", "no\n")]
    [InlineData("false; echo $?", "1\n")]
    [InlineData("if [ \"$GREETING\" = hi ]; then echo matched; else echo not; fi", "matched\n")]
    [InlineData("if false; then echo 1; elif true; then echo 2; fi", "2\n")]
    [InlineData("for i in 1 2 3; do echo n$i; done", "n1\nn2\nn3\n")]
    [InlineData("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i", "3\n")]
    [InlineData("i=5; until [ $i -eq 0 ]; do i=$((i-2)); [ $i -lt 0 ] && break; done; echo $i", "-1\n")]
    [InlineData("for i in 1 2 3 4; do [ $i = 2 ] && continue; echo $i; done", "1\n3\n4\n")]
    [InlineData("echo $((2 + 3 * 4)) $((10 / 3)) $((10 % 3)) $(( (1+2) * 2 ))", "14 3 1 6\n")]
    [InlineData("x=$(echo inner); echo \"[$x]\"", "[inner]\n")]
    [InlineData("echo `echo back`", "back\n")]
    [InlineData("echo ${UNSET:-fallback} ${GREETING:+set} ${#GREETING}", "fallback set 2\n")]
    [InlineData("f=archive.tar.gz; echo ${f%.gz} ${f%%.*} ${f#*.}", "archive.tar archive tar.gz\n")]
    [InlineData("case web-1 in db*) echo db;; web*|api*) echo web;; *) echo other;; esac", "web\n")]
    [InlineData("greet() { echo hello $1; }; greet world", "hello world\n")]
    [InlineData("v=outer; (v=inner; echo $v); echo $v", "inner\nouter\n")]
    [InlineData("{ echo one; echo two; } | grep two", "two\n")]
    [InlineData("echo 'single $GREETING' \"double $GREETING\"", "single $GREETING double hi\n")]
    [InlineData("printf '%s=%d\\n' a 1 b 2", "a=1\nb=2\n")]
    [InlineData("! false && echo negated", "negated\n")]
    [InlineData("set -- x y; echo $# $2", "2 y\n")]
    public async Task Script_PrintsWhatShWould(string script, string expected)
    {
        var (code, stdout, stderr, _) = await RunAsync(script);
        Assert.Equal("", stderr);
        Assert.Equal(expected, stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Exit_EndsTheScriptWithItsCode()
    {
        var (code, stdout, _, _) = await RunAsync("echo before; exit 3; echo after");
        Assert.Equal((3, "before\n"), (code, stdout));
    }

    [Fact]
    public async Task Redirects_WriteFilesAndSwapStreams()
    {
        var (code, stdout, stderr, files) = await RunAsync("echo ok > /tmp/healthy; echo more >> /tmp/healthy; cat /tmp/healthy; echo oops >&2; echo quiet 2>&1 >/dev/null");
        Assert.Equal((0, "ok\nmore\n", "oops\n"), (code, stdout, stderr));
        Assert.Equal("ok\nmore\n", files.Read("/tmp/healthy"));
    }

    [Fact]
    public async Task FileTests_SeeWrittenAndKubeletFiles()
    {
        var (_, stdout, _, _) = await RunAsync("touch_=x; echo > /tmp/f; [ -f /tmp/f ] && echo file; [ -d /tmp ] && echo dir; [ -e /nope ] || echo missing; [ -f /etc/resolv.conf ] && echo resolv");
        Assert.Equal("file\ndir\nmissing\nresolv\n", stdout);
    }

    [Fact]
    public async Task RedirectIntoMissingDirectory_FailsLikeDash()
    {
        var (code, _, stderr, _) = await RunAsync("echo x > /nope/file");
        Assert.Equal((2, "sh: 1: cannot create /nope/file: Directory nonexistent\n"), (code, stderr));
    }

    [Fact]
    public async Task UnknownCommand_Is127WithShMessage()
    {
        var (code, _, stderr, _) = await RunAsync("nosuchthing; echo $?");
        Assert.Equal("sh: 1: nosuchthing: not found\n", stderr);
        Assert.Equal(0, code);
    }

    [Theory]
    [InlineData("if true; then echo x", "sh: 1: Syntax error: end of file unexpected (expecting \"fi\")\n")]
    [InlineData("echo 'open", "sh: 1: Syntax error: Unterminated quoted string\n")]
    [InlineData("fi", "sh: 1: Syntax error: \"fi\" unexpected\n")]
    [InlineData("echo $((1/0))", "sh: 1: arithmetic expression: division by zero\n")]
    public async Task SyntaxErrors_AreReportedWithExitTwo(string script, string expected)
    {
        var (code, _, stderr, _) = await RunAsync(script);
        Assert.Equal((2, expected), (code, stderr));
    }

    [Fact]
    public async Task Read_TakesLinesFromStdin()
    {
        var (_, stdout, _, _) = await RunAsync("while read name value; do echo \"$value<-$name\"; done", "a 1\nb 2\n");
        Assert.Equal("1<-a\n2<-b\n", stdout);
    }

    [Fact]
    public async Task BackgroundJobAndWait_RunBoth()
    {
        var (code, stdout, _, _) = await RunAsync("echo bg > /tmp/out & wait; cat /tmp/out; echo fg");
        Assert.Equal((0, "bg\nfg\n"), (code, stdout));
    }
}
