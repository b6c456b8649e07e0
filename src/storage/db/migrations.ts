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
    "0002_identity": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("users")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull().unique())
          .addColumn("password_hash", "text")
          .addColumn("admin", "integer", (c) => c.notNull())
          .addColumn("can_create_namespaces", "integer", (c) => c.notNull())
          .addColumn("disabled", "integer", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("namespaces")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("public", "integer", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("created_by", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("members")
          .addColumn("namespace", "text", (c) =>
            c.notNull().references("namespaces.name").onDelete("cascade"),
          )
          .addColumn("user_id", "text", (c) =>
            c.notNull().references("users.id").onDelete("cascade"),
          )
          .addColumn("role", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("members_pk", ["namespace", "user_id"])
          .execute();
        await db.schema.createIndex("members_user").on("members").column("user_id").execute();
        await db.schema
          .createTable("robots")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("namespace", "text", (c) =>
            c.notNull().references("namespaces.name").onDelete("cascade"),
          )
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("description", "text", (c) => c.notNull())
          .addColumn("permissions", "text", (c) => c.notNull())
          .addColumn("secret_ttl_ms", "bigint", (c) => c.notNull())
          .addColumn("overlap_ms", "bigint", (c) => c.notNull())
          .addColumn("rotate_before_ms", "bigint", (c) => c.notNull())
          .addColumn("delivery", "text")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("created_by", "text", (c) => c.notNull())
          .addColumn("revoked_at", "bigint")
          .addUniqueConstraint("robots_name", ["namespace", "name"])
          .execute();
        await db.schema
          .createTable("robot_secrets")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("robot_id", "text", (c) =>
            c.notNull().references("robots.id").onDelete("cascade"),
          )
          .addColumn("hash", "text", (c) => c.notNull().unique())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("expires_at", "bigint", (c) => c.notNull())
          .addColumn("superseded_at", "bigint")
          .addColumn("valid_until", "bigint", (c) => c.notNull())
          .addColumn("delivered_at", "bigint")
          .execute();
        await db.schema
          .createIndex("robot_secrets_robot")
          .on("robot_secrets")
          .column("robot_id")
          .execute();
        await db.schema
          .createTable("pats")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("user_id", "text", (c) =>
            c.notNull().references("users.id").onDelete("cascade"),
          )
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("hash", "text", (c) => c.notNull().unique())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("expires_at", "bigint", (c) => c.notNull())
          .addColumn("revoked_at", "bigint")
          .addColumn("last_used_at", "bigint")
          .execute();
        await db.schema
          .createTable("refresh_tokens")
          .addColumn("hash", "text", (c) => c.primaryKey())
          .addColumn("subject", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("expires_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("trust_policies")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("namespace", "text", (c) =>
            c.notNull().references("namespaces.name").onDelete("cascade"),
          )
          .addColumn("issuer", "text", (c) => c.notNull())
          .addColumn("audience", "text", (c) => c.notNull())
          .addColumn("claims", "text", (c) => c.notNull())
          .addColumn("permissions", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("created_by", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("audit_events")
          .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
          .addColumn("at", "bigint", (c) => c.notNull())
          .addColumn("actor", "text", (c) => c.notNull())
          .addColumn("actor_kind", "text", (c) => c.notNull())
          .addColumn("source", "text", (c) => c.notNull())
          .addColumn("user_agent", "text", (c) => c.notNull())
          .addColumn("action", "text", (c) => c.notNull())
          .addColumn("target", "text", (c) => c.notNull())
          .addColumn("result", "text", (c) => c.notNull())
          .addColumn("detail", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("audit_at").on("audit_events").column("at").execute();
        await db.schema
          .createIndex("audit_actor")
          .on("audit_events")
          .columns(["actor", "id"])
          .execute();
        await db.schema
          .createIndex("audit_action")
          .on("audit_events")
          .columns(["action", "id"])
          .execute();
        // Append-only: the database itself refuses to change or remove an audit event.
        await sql`CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events
          BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`.execute(db);
        await sql`CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events
          BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`.execute(db);
        await db.schema
          .createTable("auth_failures")
          .addColumn("key", "text", (c) => c.primaryKey())
          .addColumn("failures", "integer", (c) => c.notNull())
          .addColumn("last_at", "bigint", (c) => c.notNull())
          .addColumn("locked_until", "bigint")
          .execute();
      },
    },
  };
}

export function migrationProvider(binary: "blob" | "bytea"): MigrationProvider {
  return { getMigrations: async () => migrations(binary) };
}
