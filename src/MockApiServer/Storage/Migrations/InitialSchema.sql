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

