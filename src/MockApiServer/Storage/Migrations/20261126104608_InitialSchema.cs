using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MockApiServer.Storage.Migrations;

/// <inheritdoc />
public partial class InitialSchema : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "allocations",
            columns: table => new
            {
                range = table.Column<string>(type: "TEXT", nullable: false),
                value = table.Column<long>(type: "INTEGER", nullable: false),
                owner = table.Column<string>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_allocations", x => new { x.range, x.value });
            });

        migrationBuilder.CreateTable(
            name: "changes",
            columns: table => new
            {
                revision = table.Column<long>(type: "INTEGER", nullable: false),
                type = table.Column<string>(type: "TEXT", nullable: false),
                resource = table.Column<string>(type: "TEXT", nullable: false),
                @namespace = table.Column<string>(name: "namespace", type: "TEXT", nullable: false),
                name = table.Column<string>(type: "TEXT", nullable: false),
                json = table.Column<string>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_changes", x => x.revision);
            });

        migrationBuilder.CreateTable(
            name: "objects",
            columns: table => new
            {
                resource = table.Column<string>(type: "TEXT", nullable: false),
                @namespace = table.Column<string>(name: "namespace", type: "TEXT", nullable: false),
                name = table.Column<string>(type: "TEXT", nullable: false),
                uid = table.Column<string>(type: "TEXT", nullable: false),
                resource_version = table.Column<long>(type: "INTEGER", nullable: false),
                json = table.Column<string>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_objects", x => new { x.resource, x.@namespace, x.name });
            });
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "allocations");

        migrationBuilder.DropTable(
            name: "changes");

        migrationBuilder.DropTable(
            name: "objects");
    }
}
