CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "allocations" (
    "range" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "owner" TEXT NOT NULL,
    CONSTRAINT "PK_allocations" PRIMARY KEY ("range", "value")
);

CREATE TABLE "changes" (
    "revision" INTEGER NOT NULL CONSTRAINT "PK_changes" PRIMARY KEY,
    "type" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "json" TEXT NOT NULL
);

CREATE TABLE "objects" (
    "resource" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "resource_version" INTEGER NOT NULL,
    "json" TEXT NOT NULL,
    CONSTRAINT "PK_objects" PRIMARY KEY ("resource", "namespace", "name")
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261126104608_InitialSchema', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "storage_state" (
    "key" TEXT NOT NULL CONSTRAINT "PK_storage_state" PRIMARY KEY,
    "value" INTEGER NOT NULL
);

CREATE INDEX "IX_changes_key" ON "changes" ("resource", "namespace", "name", "revision");

CREATE TABLE "ef_temp_objects" (
    "resource" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "json" TEXT NOT NULL,
    "resource_version" INTEGER NOT NULL,
    CONSTRAINT "PK_objects" PRIMARY KEY ("resource", "namespace", "name")
);

INSERT INTO "ef_temp_objects" ("resource", "namespace", "name", "json", "resource_version")
SELECT "resource", "namespace", "name", "json", "resource_version"
FROM "objects";

COMMIT;

PRAGMA foreign_keys = 0;

BEGIN TRANSACTION;
DROP TABLE "objects";

ALTER TABLE "ef_temp_objects" RENAME TO "objects";

COMMIT;

PRAGMA foreign_keys = 1;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202040708_StorageBackend', '10.0.15');

