/**
 * What the vulnerability database needs from storage. `storage/vulndb-sqlite/` implements it;
 * `app/` wires it. Records are stored compacted (see import.ts) and found by the key every
 * affected package gives: its ecosystem without the release (`Debian` of `Debian:12`) and its
 * normalised name (names.ts).
 */
export interface StoredRecord {
  id: string;
  modified: string;
  /** SHA-256 of the record as the archive holds it: unchanged bytes are not parsed again. */
  digest: string;
  withdrawn: boolean;
  /** The compacted OSV record, JSON. */
  json: string;
  /** Lookup keys: [ecosystem base, normalised package name], unique. Empty for withdrawn records. */
  keys: [string, string][];
}

/** One imported archive (an ecosystem's `all.zip`, or a file/folder given to `db import`). */
export interface SourceState {
  /** e.g. `npm`, `Debian`, or `import:<path>` for offline imports. */
  source: string;
  records: number;
  /** When it was last imported (ISO 8601). */
  updatedAt: string;
  /** Where it came from (mirror URL or file path). */
  origin: string;
  /** HTTP validators of the last download, to skip unchanged archives. */
  etag: string | null;
  lastModified: string | null;
  /** SHA-256 of the archive last imported. */
  sha256: string | null;
}

/** An import in progress: one transaction; nothing is visible (or lost) until commit. */
export interface ImportWriter {
  /** The digest of every record the source holds now, by id. */
  known(): Map<string, string>;
  put(record: StoredRecord): void;
  /** Remove records of this source (gone from the archive). */
  remove(ids: string[]): void;
  commit(state: Omit<SourceState, "records">): void;
  abort(): void;
}

export interface VulnStore {
  beginImport(source: string): ImportWriter;
  /** Compacted records (JSON) for one lookup key. */
  lookup(ecosystemBase: string, name: string): string[];
  sources(): SourceState[];
  /** Total records and the database file size (bytes). */
  stats(): { records: number; bytes: number };
  close(): void;
}
