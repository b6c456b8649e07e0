import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { DrydockError } from "../../core/errors.ts";
import { openZip, readEntry } from "../../core/zip.ts";
import { ecosystemBase, normalizeName } from "./names.ts";
import { OsvRecord } from "./osv.ts";
import type { SourceState, StoredRecord, VulnStore } from "./ports.ts";

/** One OSV record as read from an archive or a folder, before parsing. */
export interface RawEntry {
  /** Where it was read, for messages: `all.zip!GO-2020-0001.json` or a file path. */
  name: string;
  data: Buffer | { error: string };
}

/** Records to import, read lazily (an archive inflates one entry at a time). */
export interface RawEntries {
  total: number;
  entries: Iterable<RawEntry>;
}

export interface ImportProblem {
  /** The archive entry or file. */
  entry: string;
  reason: string;
}

export interface ImportResult {
  source: string;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  withdrawn: number;
  /** Records that could not be read (bad JSON, not OSV): skipped, the rest imported. */
  problems: ImportProblem[];
}

export interface ImportOptions {
  /** Records of this source that are not in `entries` are removed (a full archive). */
  complete: boolean;
  state: Omit<SourceState, "source" | "records">;
  onProgress?: (done: number, total: number) => void;
}

/** An OSV record larger than this is refused (the largest real ones are well under 2 MiB). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
/** Up to this many references are kept per record (the report shows at most five). */
const MAX_REFERENCES = 8;
const MAX_TITLE = 300;

/**
 * Imports OSV records into the store as one transaction: unchanged records (same bytes) are
 * skipped without parsing, changed ones validated against the OSV schema, compacted and
 * written; records missing from a complete archive are removed. A record that cannot be read
 * is reported and skipped; the import goes on. Nothing is visible until the end.
 */
export function importEntries(
  store: VulnStore,
  source: string,
  input: RawEntries,
  opts: ImportOptions,
): ImportResult {
  const result: ImportResult = {
    source,
    added: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    withdrawn: 0,
    problems: [],
  };
  const writer = store.beginImport(source);
  try {
    const known = writer.known();
    const seen = new Set<string>();
    let done = 0;
    for (const entry of input.entries) {
      done++;
      if (done % 500 === 0) opts.onProgress?.(done, input.total);
      if (!Buffer.isBuffer(entry.data)) {
        result.problems.push({ entry: entry.name, reason: entry.data.error });
        continue;
      }
      const digest = createHash("sha256").update(entry.data).digest("base64url").slice(0, 22);
      // Bulk archives name each record `<id>.json`: an unchanged record is known by its bytes.
      const fileId = basename(entry.name).replace(/\.json$/, "");
      if (known.get(fileId) === digest) {
        seen.add(fileId);
        result.unchanged++;
        continue;
      }
      const parsed = parseRecord(entry);
      if ("reason" in parsed) {
        result.problems.push(parsed);
        continue;
      }
      const record = parsed.record;
      if (seen.has(record.id)) {
        result.problems.push({
          entry: entry.name,
          reason: `a second record with id ${record.id}; the first one was kept`,
        });
        continue;
      }
      seen.add(record.id);
      if (known.get(record.id) === digest) {
        result.unchanged++;
        continue;
      }
      if (known.has(record.id)) result.updated++;
      else result.added++;
      if (record.withdrawn) result.withdrawn++;
      writer.put(stored(record, digest));
    }
    opts.onProgress?.(done, input.total);
    if (opts.complete) {
      const gone = [...known.keys()].filter((id) => !seen.has(id));
      writer.remove(gone);
      result.removed = gone.length;
    }
    writer.commit({ source, ...opts.state });
  } catch (err) {
    writer.abort();
    throw err;
  }
  return result;
}

function parseRecord(entry: RawEntry): { record: OsvRecord } | ImportProblem {
  let json: unknown;
  try {
    json = JSON.parse((entry.data as Buffer).toString("utf8"));
  } catch (err) {
    return { entry: entry.name, reason: `not JSON: ${(err as Error).message}` };
  }
  const parsed = OsvRecord.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length > 0 ? issue.path.join(".") : "(record)";
    return { entry: entry.name, reason: `not an OSV record: ${at}: ${issue.message}` };
  }
  return { record: parsed.data };
}

/**
 * What the matcher needs of a record, and no more: `details`, credits and most references are
 * dropped (the database stays small and a lookup parses little).
 */
export interface CompactRecord {
  id: string;
  modified: string;
  aliases?: string[];
  upstream?: string[];
  title: string;
  severity?: OsvRecord["severity"];
  affected: NonNullable<OsvRecord["affected"]>;
  urls: string[];
  database_specific?: { severity?: unknown; status?: unknown };
}

export function compact(record: OsvRecord): CompactRecord {
  const title = (record.summary?.trim() || firstLine(record.details) || record.id).slice(
    0,
    MAX_TITLE,
  );
  const refs = [...(record.references ?? [])].sort((a, b) => refRank(a.type) - refRank(b.type));
  const out: CompactRecord = {
    id: record.id,
    modified: record.modified,
    title,
    affected: record.affected ?? [],
    urls: [...new Set(refs.map((r) => r.url))].slice(0, MAX_REFERENCES),
  };
  if (record.aliases?.length) out.aliases = record.aliases;
  if (record.upstream?.length) out.upstream = record.upstream;
  if (record.severity?.length) out.severity = record.severity;
  const ds = record.database_specific;
  if (ds && (ds.severity !== undefined || ds.status !== undefined))
    out.database_specific = { severity: ds.severity, status: ds.status };
  return out;
}

function refRank(type: string): number {
  return type === "ADVISORY" ? 0 : type === "WEB" ? 1 : type === "ARTICLE" ? 2 : 3;
}

function firstLine(text: string | undefined): string {
  return (text ?? "").trim().split("\n")[0]?.trim() ?? "";
}

function stored(record: OsvRecord, digest: string): StoredRecord {
  const keys = new Map<string, [string, string]>();
  if (!record.withdrawn) {
    for (const a of record.affected ?? []) {
      if (!a.package) continue;
      const base = ecosystemBase(a.package.ecosystem);
      const name = normalizeName(base, a.package.name);
      keys.set(`${base}\0${name}`, [base, name]);
    }
  }
  return {
    id: record.id,
    modified: record.modified,
    digest,
    withdrawn: record.withdrawn !== undefined,
    json: JSON.stringify(compact(record)),
    keys: [...keys.values()],
  };
}

/**
 * The records of a bulk archive (`all.zip`: one `<ID>.json` per record at the root). The
 * archive is checked as a whole first — a truncated or corrupt zip is refused before anything
 * is imported — and every entry's CRC-32 is verified.
 */
export function zipEntries(archive: Buffer, label: string): RawEntries {
  const zip = openZip(archive, 5_000_000);
  if (typeof zip === "string")
    throw new DrydockError("INVALID", `${label}: not a readable zip archive: ${zip}`);
  const records = zip.entries.filter((e) => e.name.endsWith(".json"));
  function* entries(): Generator<RawEntry> {
    for (const e of records) {
      const read = readEntry(zip as Exclude<typeof zip, string>, e, MAX_RECORD_BYTES, {
        checkCrc: true,
      });
      // Damage to the archive itself aborts the import (nothing is written); a record over the
      // size limit is skipped and reported.
      if (!read.ok && !read.reason.includes("limit"))
        throw new DrydockError("INVALID", `${label}: ${e.name}: ${read.reason}`);
      yield { name: `${label}!${e.name}`, data: read.ok ? read.data : { error: read.reason } };
    }
  }
  return { total: records.length, entries: entries() };
}

/**
 * Records for `drydock db import FILE|DIR`: a bulk zip, one OSV JSON file, or a folder of them
 * (searched recursively for `*.json` and `*.zip`). Symbolic links are not followed.
 */
export async function localEntries(path: string): Promise<RawEntries> {
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new DrydockError("INVALID", `${path}: cannot read (${err.code ?? err.message})`);
  });
  if (info.isFile()) return fileEntries(path);
  if (!info.isDirectory()) throw new DrydockError("INVALID", `${path}: not a file or a directory`);
  const parts: RawEntries[] = [];
  const stack = [path];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const items = await readdir(dir, { withFileTypes: true });
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const item of items) {
      const p = join(dir, item.name);
      if (item.isDirectory()) stack.push(p);
      else if (item.isFile() && /\.(json|zip)$/.test(item.name)) parts.push(await fileEntries(p));
    }
  }
  return {
    total: parts.reduce((n, p) => n + p.total, 0),
    entries: (function* () {
      for (const p of parts) yield* p.entries;
    })(),
  };
}

/** A zip is read (and checked) now; a JSON file when the import reaches it. */
async function fileEntries(path: string): Promise<RawEntries> {
  if (path.endsWith(".zip")) return zipEntries(await readFile(path), path);
  function* one(): Generator<RawEntry> {
    const size = statSync(path).size;
    yield size > MAX_RECORD_BYTES
      ? { name: path, data: { error: `larger than ${MAX_RECORD_BYTES} bytes` } }
      : { name: path, data: readFileSync(path) };
  }
  return { total: 1, entries: one() };
}
