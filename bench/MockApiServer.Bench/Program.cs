namespace MockApiServer.Bench;

/// <summary>
/// dotnet run -c Release --project bench/MockApiServer.Bench -- [scenario ...]
/// Scenarios: startup, http, memory, watch, nodeports, pods, routing, all (default). Prints Markdown rows.
/// </summary>
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        string[] scenarios = args.Length == 0 || args.Contains("all") ? ["startup", "http", "memory", "watch", "nodeports", "pods", "routing"] : args;
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine("| scenario | result | target | vs. baseline |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var scenario in scenarios)
        {
            switch (scenario)
            {
                case "startup": await Scenarios.StartupAsync(); break;
                case "http": await Scenarios.GetAndCreateAsync(); break;
                case "memory": await Scenarios.MemoryAsync(); break;
                case "watch": await Scenarios.WatchFanOutAsync(); break;
                case "nodeports": await Scenarios.NodePortExhaustionAsync(); break;
                case "pods": await Scenarios.PodsRunningAsync(); break;
                case "routing": RoutingScenario.Run(); break;
                default: Console.Error.WriteLine($"unknown scenario {scenario}"); return 2;
            }
        }
        return 0;
    }
}
