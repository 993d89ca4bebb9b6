namespace MockApiServer.Bench;

/// <summary>
/// dotnet run -c Release --project bench/MockApiServer.Bench -- [scenario ...]
/// Scenarios: startup (fixture: only its last row), http, memory, watch, fanout, nodeports, pods, restart, routing, all (default); "pods:2000" sets a size. Prints Markdown rows.
/// </summary>
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        string[] scenarios = args.Length == 0 || args.Contains("all") ? ["startup", "http", "memory", "watch", "fanout", "nodeports", "pods", "restart", "routing"] : args;
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine("| scenario | result | target | vs. baseline |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var scenario in scenarios)
        {
            // "pods:2000" runs a scenario at another size than the documented one.
            var (name, size) = scenario.Split(':') is [var n, var k] && int.TryParse(k, out var parsed) ? (n, (int?)parsed) : (scenario, null);
            switch (name)
            {
                case "startup": await Scenarios.StartupAsync(); break;
                case "fixture": await Scenarios.FixtureFirstRequestAsync(); break;
                case "http": await Scenarios.GetAndCreateAsync(); break;
                case "memory": await Scenarios.MemoryAsync(); break;
                case "watch": await Scenarios.WatchFanOutAsync(); break;
                case "fanout": await Scenarios.FanOutCeilingAsync(); break;
                case "nodeports": await Scenarios.NodePortExhaustionAsync(); break;
                case "pods": await Scenarios.PodsRunningAsync(size ?? 10_000); break;
                case "restart": await Scenarios.RestartConvergenceAsync(size ?? 1_000); break;
                case "routing": RoutingScenario.Run(); break;
                default: Console.Error.WriteLine($"unknown scenario {name}"); return 2;
            }
        }
        return 0;
    }
}
