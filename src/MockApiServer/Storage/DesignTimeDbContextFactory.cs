using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MockApiServer.Storage;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the server.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MockApiDbContext>
{
    public MockApiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MockApiDbContext>().UseSqlite("Data Source=design.db").Options);
}
