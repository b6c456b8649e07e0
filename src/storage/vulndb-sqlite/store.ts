import { statSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { makeDirsSync } from "../../core/files.ts";
import type {
  ImportWriter,
  SourceState,
  StoredRecord,
  VulnStore,
} from "../../scanner/vulndb/ports.ts";

/**
 * The vulnerability database in its own SQLite file (default `~/.cache/drydock/vulndb/osv.db`,
 * or `data/vulndb/osv.db` under `drydock serve`). It holds derived data only — every row can be
 * rebuilt from the OSV archives — so it is kept apart from drydock's own database and talks to
 * better-sqlite3 directly: imports write hundreds of thousands of rows in one transaction and
 * a scan looks up a thousand keys in a few milliseconds with prepared statements.
 *
 * A whole source (one ecosystem's archive) is imported in one transaction: a crash or a broken
 * archive leaves the previous state, never half of it. Readers (a scan) go on during an import
 * (WAL).
 */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  modified TEXT NOT NULL,
  digest TEXT NOT NULL,
  withdrawn INTEGER NOT NULL,
  json TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_source ON records (source);
CREATE TABLE IF NOT EXISTS keys (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  id TEXT NOT NULL,
  PRIMARY KEY (ecosystem, name, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS keys_id ON keys (id);
CREATE TABLE IF NOT EXISTS sources (
  source TEXT PRIMARY KEY,
  updated_at TEXT NOT NULL,
  origin TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  sha256 TEXT
);
`;

export class SqliteVulnStore implements VulnStore {
  private readonly db: SQLite.Database;
  private readonly lookupStmt: SQLite.Statement<[string, string], string>;
  private importing = false;

  constructor(
    private readonly file: string,
    opts: { readonly?: boolean } = {},
  ) {
    if (!opts.readonly) makeDirsSync(dirname(file));
    this.db = new SQLite(file, {
      readonly: opts.readonly === true,
      fileMustExist: opts.readonly === true,
    });
    this.db.pragma("busy_timeout = 10000");
    if (!opts.readonly) {
      this.db.pragma("journal_mode = WAL");
      // Derived data: a crash may lose the last import, never corrupt the file.
      this.db.pragma("synchronous = NORMAL");
      const version = this.db.pragma("user_version", { simple: true }) as number;
      if (version > SCHEMA_VERSION)
        throw new Error(
          `${file} was written by a newer drydock (schema ${version}); update drydock or remove the file`,
        );
      this.db.exec(SCHEMA);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
    this.lookupStmt = this.db
      .prepare<[string, string], string>(
        "SELECT r.json FROM keys k JOIN records r ON r.id = k.id WHERE k.ecosystem = ? AND k.name = ? AND r.withdrawn = 0",
      )
      .pluck();
  }

  beginImport(source: string): ImportWriter {
    if (this.importing) throw new Error("an import is already running on this database");
    const db = this.db;
    const known = new Map<string, string>();
    for (const row of db
      .prepare<[string], { id: string; digest: string }>(
        "SELECT id, digest FROM records WHERE source = ?",
      )
      .iterate(source))
      known.set(row.id, row.digest);
    const upsert = db.prepare(
      "INSERT INTO records (id, source, modified, digest, withdrawn, json) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET source = excluded.source, modified = excluded.modified, digest = excluded.digest, withdrawn = excluded.withdrawn, json = excluded.json",
    );
    const dropKeys = db.prepare("DELETE FROM keys WHERE id = ?");
    const addKey = db.prepare("INSERT OR IGNORE INTO keys (ecosystem, name, id) VALUES (?, ?, ?)");
    const dropRecord = db.prepare("DELETE FROM records WHERE id = ? AND source = ?");
    db.exec("BEGIN IMMEDIATE");
    this.importing = true;
    let open = true;
    const finish = () => {
      open = false;
      this.importing = false;
    };
    const check = () => {
      if (!open) throw new Error("the import has already ended");
    };
    return {
      known: () => known,
      put: (r: StoredRecord) => {
        check();
        upsert.run(r.id, source, r.modified, r.digest, r.withdrawn ? 1 : 0, r.json);
        dropKeys.run(r.id);
        for (const [ecosystem, name] of r.keys) addKey.run(ecosystem, name, r.id);
      },
      remove: (ids: string[]) => {
        check();
        for (const id of ids) {
          dropKeys.run(id);
          dropRecord.run(id, source);
        }
      },
      commit: (state) => {
        check();
        db.prepare(
          "INSERT INTO sources (source, updated_at, origin, etag, last_modified, sha256) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET updated_at = excluded.updated_at, origin = excluded.origin, etag = excluded.etag, last_modified = excluded.last_modified, sha256 = excluded.sha256",
        ).run(source, state.updatedAt, state.origin, state.etag, state.lastModified, state.sha256);
        db.exec("COMMIT");
        finish();
      },
      abort: () => {
        if (!open) return;
        db.exec("ROLLBACK");
        finish();
      },
    };
  }

  lookup(ecosystemBase: string, name: string): string[] {
    return this.lookupStmt.all(ecosystemBase, name);
  }

  sources(): SourceState[] {
    const counts = new Map(
      this.db
        .prepare<[], { source: string; n: number }>(
          "SELECT source, COUNT(*) AS n FROM records GROUP BY source",
        )
        .all()
        .map((r) => [r.source, r.n]),
    );
    return this.db
      .prepare<
        [],
        {
          source: string;
          updated_at: string;
          origin: string;
          etag: string | null;
          last_modified: string | null;
          sha256: string | null;
        }
      >("SELECT * FROM sources ORDER BY source")
      .all()
      .map((r) => ({
        source: r.source,
        records: counts.get(r.source) ?? 0,
        updatedAt: r.updated_at,
        origin: r.origin,
        etag: r.etag,
        lastModified: r.last_modified,
        sha256: r.sha256,
      }));
  }

  stats(): { records: number; bytes: number } {
    const records = this.db.prepare("SELECT COUNT(*) FROM records").pluck().get() as number;
    let bytes = 0;
    for (const suffix of ["", "-wal"]) {
      try {
        bytes += statSync(this.file + suffix).size;
      } catch {
        // no WAL file
      }
    }
    return { records, bytes };
  }

  close(): void {
    if (this.importing) this.db.exec("ROLLBACK");
    this.db.close();
  }
}
