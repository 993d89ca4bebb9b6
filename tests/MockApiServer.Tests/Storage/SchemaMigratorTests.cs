using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MockApiServer.Storage;

namespace MockApiServer.Tests.Storage;

public sealed class SchemaMigratorTests
{
    private static string Schema(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsLock' ORDER BY name";
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return string.Join("\n", rows);
    }

    [Fact]
    public void EmbeddedScript_BuildsTheSameSchemaAsEfCoreMigrate()
    {
        using var scripted = new SqliteConnection("Data Source=:memory:");
        scripted.Open();
        SchemaMigrator.Migrate(scripted);
        using var migrated = new SqliteConnection("Data Source=:memory:");
        migrated.Open();
        using (var db = new MockApiDbContext(new DbContextOptionsBuilder<MockApiDbContext>().UseSqlite(migrated).Options)) db.Database.Migrate();

        Assert.Equal(Schema(migrated), Schema(scripted));
    }

    [Fact]
    public void LatestMigration_IsEfCoresNewest()
    {
        using var db = new MockApiDbContext(new DbContextOptionsBuilder<MockApiDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.Equal(SchemaMigrator.LatestMigration, db.Database.GetMigrations().Last());
        Assert.Contains(SchemaMigrator.LatestMigration, SchemaMigrator.ReadScript());
    }
}
