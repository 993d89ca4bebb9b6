using Microsoft.EntityFrameworkCore;

namespace MockApiServer.Storage;

/// <summary>
/// The schema, owned by EF Core migrations. The hot write path uses prepared commands on the same
/// connection (see <see cref="SqliteCommands"/>); EF Core defines and migrates the tables.
/// </summary>
public sealed class MockApiDbContext(DbContextOptions<MockApiDbContext> options) : DbContext(options)
{
    public DbSet<ObjectRow> Objects => Set<ObjectRow>();
    public DbSet<ChangeRow> Changes => Set<ChangeRow>();
    public DbSet<AllocationRow> Allocations => Set<AllocationRow>();
    public DbSet<StorageStateRow> State => Set<StorageStateRow>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<ObjectRow>(e =>
        {
            e.ToTable("objects");
            e.HasKey(o => new { o.Resource, o.Namespace, o.Name });
            e.Property(o => o.Resource).HasColumnName("resource");
            e.Property(o => o.Namespace).HasColumnName("namespace");
            e.Property(o => o.Name).HasColumnName("name");
            e.Property(o => o.ResourceVersion).HasColumnName("resource_version");
            e.Property(o => o.Json).HasColumnName("json");
        });
        model.Entity<ChangeRow>(e =>
        {
            e.ToTable("changes");
            e.HasKey(c => c.Revision);
            e.Property(c => c.Revision).HasColumnName("revision").ValueGeneratedNever();
            e.Property(c => c.Type).HasColumnName("type");
            e.Property(c => c.Resource).HasColumnName("resource");
            e.Property(c => c.Namespace).HasColumnName("namespace");
            e.Property(c => c.Name).HasColumnName("name");
            e.Property(c => c.Json).HasColumnName("json");
            // Reads at a revision and compaction look up a key's changes by revision.
            e.HasIndex(c => new { c.Resource, c.Namespace, c.Name, c.Revision }).HasDatabaseName("IX_changes_key");
        });
        model.Entity<AllocationRow>(e =>
        {
            e.ToTable("allocations");
            e.HasKey(a => new { a.Range, a.Value });
            e.Property(a => a.Range).HasColumnName("range");
            e.Property(a => a.Value).HasColumnName("value");
            e.Property(a => a.Owner).HasColumnName("owner");
        });
        model.Entity<StorageStateRow>(e =>
        {
            e.ToTable("storage_state");
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).HasColumnName("key");
            e.Property(s => s.Value).HasColumnName("value");
        });
    }
}
