import { type Kysely, type Migration, type MigrationProvider, sql } from "kysely";

/**
 * Migrations, in order. Never edit one that has shipped: add the next. Types are kept to
 * what SQLite and PostgreSQL share (text, bigint, bytea/blob via `blob` mapped per dialect).
 */
function migrations(binary: "blob" | "bytea"): Record<string, Migration> {
  return {
    "0001_registry": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("repositories")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("blobs")
          .addColumn("digest", "text", (c) => c.primaryKey())
          .addColumn("size", "bigint", (c) => c.notNull())
          .addColumn("touched_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("repo_blobs")
          .addColumn("repository", "text", (c) => c.notNull())
          .addColumn("digest", "text", (c) => c.notNull())
          .addColumn("linked_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("repo_blobs_pk", ["repository", "digest"])
          .execute();
        await db.schema
          .createIndex("repo_blobs_digest")
          .on("repo_blobs")
          .column("digest")
          .execute();
        await db.schema
          .createTable("manifests")
          .addColumn("repository", "text", (c) => c.notNull())
          .addColumn("digest", "text", (c) => c.notNull())
          .addColumn("media_type", "text", (c) => c.notNull())
          .addColumn("size", "bigint", (c) => c.notNull())
          .addColumn("content", sql.raw(binary), (c) => c.notNull())
          .addColumn("subject", "text")
          .addColumn("artifact_type", "text")
          .addColumn("annotations", "text")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("manifests_pk", ["repository", "digest"])
          .execute();
        await db.schema
          .createIndex("manifests_subject")
          .on("manifests")
          .columns(["repository", "subject"])
          .execute();
        await db.schema
          .createTable("manifest_refs")
          .addColumn("repository", "text", (c) => c.notNull())
          .addColumn("digest", "text", (c) => c.notNull())
          .addColumn("child", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("manifest_refs_pk", ["repository", "digest", "child"])
          .execute();
        await db.schema
          .createIndex("manifest_refs_child")
          .on("manifest_refs")
          .columns(["child", "repository"])
          .execute();
        await db.schema
          .createTable("tags")
          .addColumn("repository", "text", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("digest", "text", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("tags_pk", ["repository", "name"])
          .execute();
        await db.schema
          .createIndex("tags_digest")
          .on("tags")
          .columns(["repository", "digest"])
          .execute();
        await db.schema
          .createTable("uploads")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("repository", "text", (c) => c.notNull())
          .addColumn("offset", "bigint", (c) => c.notNull())
          .addColumn("started_at", "bigint", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("gc_runs")
          .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
          .addColumn("started_at", "bigint", (c) => c.notNull())
          .addColumn("dry_run", "integer", (c) => c.notNull())
          .execute();
      },
    },
  };
}

export function migrationProvider(binary: "blob" | "bytea"): MigrationProvider {
  return { getMigrations: async () => migrations(binary) };
}
