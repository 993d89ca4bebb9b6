using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace MockApiServer.Bench;

/// <summary>
/// The ceilings each scenario is compared with, measured in the same run: a bare ASP.NET Core
/// endpoint returning a pod-sized JSON body (HTTP), a bare SQLite insert loop (storage), and a
/// bare ASP.NET Core app started as a process (start-up).
/// </summary>
public static class Baselines
{
    /// <summary>The bare app (bench/MockApiServer.Bench.BareApp), copied next to the bench by its project reference.</summary>
    public static string BareAppDll => Path.Combine(AppContext.BaseDirectory, "MockApiServer.Bench.BareApp.dll");

    /// <summary>Process start → first 200 from the bare app's /readyz, started exactly as the server is.</summary>
    public static async Task<TimeSpan> BareStartupAsync()
    {
        var (app, ready) = await ServerProcess.StartDllAsync(BareAppDll, []);
        await app.DisposeAsync();
        return ready;
    }

    /// <summary>A minimal Kestrel app on a free loopback port serving <paramref name="body"/> at /pod.</summary>
    public static async Task<(WebApplication App, string Url)> StartBareEndpointAsync(byte[] body)
    {
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapGet("/pod", () => Results.Bytes(body, "application/json"));
        await app.StartAsync();
        return (app, url);
    }

    /// <summary>Inserts <paramref name="count"/> pod-sized rows, one committed transaction each (WAL, synchronous=NORMAL).</summary>
    public static double SqliteInsertsPerSecond(int count, byte[] body, int perTransaction)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-sqlite-{Guid.NewGuid():N}.db");
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
            connection.Open();
            foreach (var pragma in new[] { "journal_mode=WAL", "synchronous=NORMAL" })
            {
                using var p = connection.CreateCommand();
                p.CommandText = "PRAGMA " + pragma;
                p.ExecuteNonQuery();
            }
            using (var create = connection.CreateCommand())
            {
                create.CommandText = "CREATE TABLE t(id INTEGER PRIMARY KEY, json TEXT NOT NULL)";
                create.ExecuteNonQuery();
            }
            var json = System.Text.Encoding.UTF8.GetString(body);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i += perTransaction)
            {
                using var tx = connection.BeginTransaction();
                using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO t(json) VALUES($j)";
                var parameter = insert.Parameters.Add("$j", SqliteType.Text);
                for (var j = 0; j < perTransaction; j++)
                {
                    parameter.Value = json;
                    insert.ExecuteNonQuery();
                }
                tx.Commit();
            }
            return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }
}
