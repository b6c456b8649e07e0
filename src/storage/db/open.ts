import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { makeDirsSync } from "../../core/files.ts";
import { migrationProvider } from "./migrations.ts";
import type { Database } from "./schema.ts";

/**
 * Opens (creating when needed) the embedded SQLite database and brings it to the latest
 * migration. WAL lets readers go on during writes; synchronous=FULL makes every committed
 * transaction durable before it is acknowledged; busy_timeout lets a second process (the
 * `drydock gc` command) wait for the write lock instead of failing.
 */
export interface OpenedDatabase {
  db: Kysely<Database>;
  /** Changes whenever another connection (another process) commits; see ManifestCache. */
  externalVersion: () => number;
}

export async function openSqlite(file: string): Promise<OpenedDatabase> {
  makeDirsSync(dirname(file));
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("busy_timeout = 10000");
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: cachingStatements(sqlite) }),
  });
  const migrator = new Migrator({ db, provider: migrationProvider("blob") });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`database migration ${failed} failed: ${(error as Error).message}`);
  }
  const version = sqlite.prepare("PRAGMA data_version").pluck();
  return { db, externalVersion: () => version.get() as number };
}

/**
 * Kysely prepares a statement for every query; preparing costs more than running a point
 * lookup. Statements are cached by their SQL text (queries are parameterised, so the set of
 * texts is small and fixed). Kysely runs one query at a time on this connection.
 */
function cachingStatements(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size < 1000) cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}
