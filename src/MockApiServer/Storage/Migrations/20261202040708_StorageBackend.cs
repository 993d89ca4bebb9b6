using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MockApiServer.Storage.Migrations;

/// <inheritdoc />
public partial class StorageBackend : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(
            name: "uid",
            table: "objects");

        migrationBuilder.CreateTable(
            name: "storage_state",
            columns: table => new
            {
                key = table.Column<string>(type: "TEXT", nullable: false),
                value = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_storage_state", x => x.key);
            });

        migrationBuilder.CreateIndex(
            name: "IX_changes_key",
            table: "changes",
            columns: new[] { "resource", "namespace", "name", "revision" });
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "storage_state");

        migrationBuilder.DropIndex(
            name: "IX_changes_key",
            table: "changes");

        migrationBuilder.AddColumn<string>(
            name: "uid",
            table: "objects",
            type: "TEXT",
            nullable: false,
            defaultValue: "");
    }
}
