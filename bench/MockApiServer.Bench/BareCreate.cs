using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Data.Sqlite;

namespace MockApiServer.Bench;

/// <summary>
/// The CREATE ceiling: a bare Kestrel endpoint that parses the same pod JSON into the client's
/// model, serialises it once, and inserts it through the same kind of group commit the server
/// uses (one writer, whatever is waiting — up to 256 — in one SQLite transaction, WAL,
/// synchronous=NORMAL), answering 201 with the stored bytes. No validation, defaults, revisions
/// or watch: what is left of a create when the API machinery is taken away.
/// </summary>
public sealed class BareCreate : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly WebApplication _app;
    private readonly Channel<(string Name, byte[] Json, TaskCompletionSource Done)> _writes = Channel.CreateUnbounded<(string, byte[], TaskCompletionSource)>();
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bench-create-{Guid.NewGuid():N}.db");
    private readonly Task _writer;

    private BareCreate(WebApplication app, string url)
    {
        _app = app;
        Url = url;
        _writer = Task.Run(WriteLoopAsync);
    }

    public string Url { get; }

    public static async Task<BareCreate> StartAsync()
    {
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var create = new BareCreate(app, url);
        app.MapPost("/api/v1/namespaces/default/pods", create.CreateAsync);
        await app.StartAsync();
        return create;
    }

    private async Task CreateAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var pod = KubernetesJson.Deserialize<V1Pod>(await reader.ReadToEndAsync(ctx.RequestAborted));
        var json = System.Text.Encoding.UTF8.GetBytes(KubernetesJson.Serialize(pod));
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _writes.Writer.TryWrite((pod.Metadata.Name, json, done));
        await done.Task;
        ctx.Response.StatusCode = 201;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.WriteAsync(json, ctx.RequestAborted);
    }

    private async Task WriteLoopAsync()
    {
        using var connection = new SqliteConnection($"Data Source={_path};Pooling=false");
        connection.Open();
        foreach (var sql in new[] { "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "CREATE TABLE objects(name TEXT PRIMARY KEY, json BLOB NOT NULL)" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        var batch = new List<(string Name, byte[] Json, TaskCompletionSource Done)>(MaxBatch);
        while (await _writes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var write)) batch.Add(write);
            using (var tx = connection.BeginTransaction())
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO objects(name, json) VALUES($n, $j)";
                var name = insert.Parameters.Add("$n", SqliteType.Text);
                var json = insert.Parameters.Add("$j", SqliteType.Blob);
                foreach (var write in batch)
                {
                    name.Value = write.Name;
                    json.Value = write.Json;
                    insert.ExecuteNonQuery();
                }
                tx.Commit();
            }
            foreach (var write in batch) write.Done.SetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _writes.Writer.TryComplete();
        await _writer;
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }
}
