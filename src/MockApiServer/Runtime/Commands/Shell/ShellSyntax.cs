namespace MockApiServer.Runtime.Commands.Shell;

/// <summary>One piece of a word: literal text, a parameter, a command substitution or an arithmetic expansion.</summary>
/// <param name="Quoted">Inside quotes: not field-split, and the word is no reserved word.</param>
internal abstract record WordPart(bool Quoted);

internal sealed record LiteralPart(string Text, bool Quoted) : WordPart(Quoted);

/// <summary><c>$NAME</c>, <c>${NAME}</c>, <c>${NAME:-word}</c> (Op ":-", Argument "word"), <c>${#NAME}</c> (Op "#len").</summary>
internal sealed record ParameterPart(string Name, string? Op, string? Argument, bool Quoted) : WordPart(Quoted);

/// <summary><c>$(script)</c> or <c>`script`</c>.</summary>
internal sealed record CommandPart(string Script, bool Quoted) : WordPart(Quoted);

/// <summary><c>$((expression))</c>.</summary>
internal sealed record ArithmeticPart(string Expression, bool Quoted) : WordPart(Quoted);

internal sealed record Word(IReadOnlyList<WordPart> Parts)
{
    /// <summary>The word's text when it is one unquoted literal (a reserved word, an assignment, a name), else null.</summary>
    public string? Plain => Parts is [LiteralPart { Quoted: false } only] ? only.Text : null;
}

/// <summary><c>[Fd]Op Target</c>: Op is one of &gt; &gt;&gt; &lt; &gt;&amp; &lt;&amp; &amp;&gt;.</summary>
internal sealed record Redirect(int? Fd, string Op, Word Target);

internal abstract record Command;

internal sealed record SimpleCommand(IReadOnlyList<(string Name, Word Value)> Assignments, IReadOnlyList<Word> Words, IReadOnlyList<Redirect> Redirects) : Command;

internal sealed record IfCommand(IReadOnlyList<(CommandList Condition, CommandList Body)> Branches, CommandList? Else, IReadOnlyList<Redirect> Redirects) : Command;

/// <summary><c>while</c> (Until false) or <c>until</c> loops.</summary>
internal sealed record LoopCommand(bool Until, CommandList Condition, CommandList Body, IReadOnlyList<Redirect> Redirects) : Command;

/// <summary><c>for NAME in WORDS; do …; done</c>; Words null means "$@".</summary>
internal sealed record ForCommand(string Name, IReadOnlyList<Word>? Words, CommandList Body, IReadOnlyList<Redirect> Redirects) : Command;

internal sealed record CaseCommand(Word Subject, IReadOnlyList<(IReadOnlyList<Word> Patterns, CommandList Body)> Items, IReadOnlyList<Redirect> Redirects) : Command;

/// <summary><c>{ …; }</c>, or <c>( … )</c> when Subshell (its variable changes do not leak out).</summary>
internal sealed record GroupCommand(CommandList Body, bool Subshell, IReadOnlyList<Redirect> Redirects) : Command;

internal sealed record FunctionDefinition(string Name, Command Body) : Command;

internal sealed record Pipeline(bool Negated, IReadOnlyList<Command> Commands);

/// <summary>A pipeline followed by <c>&amp;&amp;</c>/<c>||</c> pipelines.</summary>
internal sealed record AndOrList(Pipeline First, IReadOnlyList<(string Op, Pipeline Pipeline)> Rest);

/// <summary>Commands separated by <c>;</c>, newlines or <c>&amp;</c> (Background).</summary>
internal sealed record CommandList(IReadOnlyList<(AndOrList Command, bool Background)> Items);

/// <summary>A syntax error, in dash's words ("Syntax error: "fi" unexpected").</summary>
internal sealed class ShellSyntaxException(string message) : Exception(message);
