namespace MockApiServer.Runtime.Commands;

/// <summary>
/// A program a simulated container can run through <c>kubectl exec</c>. Register one with
/// <c>services.AddExecCommand&lt;T&gt;()</c>; the exec protocol finds it by <see cref="Names"/>.
/// </summary>
/// <remarks>
/// Contract: write output only through <see cref="ExecContext.Stdout"/> and
/// <see cref="ExecContext.Stderr"/>, return the exit code (0 success, 127 "not found" as a shell
/// does), honour <see cref="ExecContext.Cancellation"/>, and never write to the store. An
/// exception becomes an InternalError Status on the error channel.
/// </remarks>
public interface IExecCommand
{
    /// <summary>The names it answers to, without a directory ("env", "printenv"); "/usr/bin/env" finds "env".</summary>
    IReadOnlyList<string> Names { get; }

    Task<int> RunAsync(ExecContext ctx);
}
