using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MockApiServer.Storage;

namespace MockApiServer.Tests.Storage;

/// <summary>A database written before the storage backend kept its change log whole still opens, whole.</summary>
public sealed class SqliteUpgradeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mockapi-upgrade-").FullName;

    private string DatabasePath => Path.Combine(_directory, "old.db");

    [Fact]
    public async Task Open_DatabaseAtTheInitialSchema_KeepsItsObjectsAndCountsItsHistoryAsCompacted()
    {
        using (var old = new SqliteConnection($"Data Source={DatabasePath};Pooling=false"))
        {
            old.Open();
            using (var db = new MockApiDbContext(new DbContextOptionsBuilder<MockApiDbContext>().UseSqlite(old).Options))
                db.GetService<IMigrator>().Migrate("20261126104608_InitialSchema");
            using var cmd = old.CreateCommand();
            // The old compaction kept only the newest change: the web pod's own change row is gone.
            cmd.CommandText = "INSERT INTO objects(resource, namespace, name, uid, resource_version, json) VALUES('pods', 'default', 'web', 'u1', 5, '{\"v\":5}');" +
                              "INSERT INTO changes(revision, type, resource, namespace, name, json) VALUES(9, 'DELETED', 'pods', 'default', 'gone', '{}');";
            cmd.ExecuteNonQuery();
        }
        await using var store = new SqliteStorageBackend(new StorageOptions { Db = DatabasePath });

        store.Open();

        Assert.Equal(9, store.Revision);
        Assert.Equal(9, store.CompactedRevision);
        Assert.Equal("{\"v\":5}", System.Text.Encoding.UTF8.GetString(store.Get(new StorageKey("pods", "default", "web"))!.Value));
        store.Commit([new StorageTransaction().Require(new StorageKey("pods", "default", "web"), 5).Put(new StorageKey("pods", "default", "web"), "{\"v\":10}"u8.ToArray())]);
        Assert.Equal("{\"v\":5}", System.Text.Encoding.UTF8.GetString(store.Get(new StorageKey("pods", "default", "web"), 9)!.Value));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
