namespace MockApiServer.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline instead of sleeping a fixed time.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, int timeoutMs = 10_000, int intervalMs = 10)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (Environment.TickCount64 > deadline) throw new TimeoutException($"condition not met within {timeoutMs} ms; last value: {value}");
            await Task.Delay(intervalMs);
        }
    }
}
