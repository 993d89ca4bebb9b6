using MockApiServer.Storage;

namespace MockApiServer.Tests.Storage;

/// <summary>The storage conformance suite on SQLite, each test on its own database file.</summary>
public sealed class SqliteStorageConformanceTests : StorageConformance
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mockapi-conformance-").FullName;

    private string DatabasePath => Path.Combine(_directory, "store.db");

    protected override IStorageBackend CreateBackend() => new SqliteStorageBackend(new StorageOptions { Db = DatabasePath });

    protected override IStorageBackend ReopenBackend() => CreateBackend();

    protected override ValueTask DisposeStoreAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
