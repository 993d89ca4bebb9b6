namespace MockApiServer.Runtime.Commands;

/// <summary><c>true</c>: exits 0.</summary>
public sealed class TrueCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["true"];

    public Task<int> RunAsync(ExecContext ctx) => Task.FromResult(0);
}

/// <summary><c>false</c>: exits 1.</summary>
public sealed class FalseCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["false"];

    public Task<int> RunAsync(ExecContext ctx) => Task.FromResult(1);
}
