/**
 * Archives inside a scanned tree: zip (and jar, war, ear, whl, nupkg: zip files by another
 * name), tar and tar.gz. Members are scanned in memory as `archive.zip!inner/path`, archives
 * inside archives as `outer.zip!lib/inner.jar!a/b`, down to `maxDepth` levels. Member names
 * are only names: nothing is ever written to disk, so `../` in a name goes nowhere.
 *
 * Decompression bombs: everything inflated from one top-level archive (its members and those
 * of the archives inside it) shares one budget, `maxInflatedBytes` (50 MiB). A member that
 * declares more than is left, or inflates beyond it (zlib stops at `maxOutputLength`, so the
 * memory used never exceeds the budget), stops the archive with an error; what was found
 * before stays reported.
 *
 * The zip reader is our own (central directory, ZIP64 fields, stored and deflated members,
 * APPNOTE.TXT 6.3.10); node:zlib inflates. tar-stream reads tar; node:zlib gunzips.
 */
import { Readable } from "node:stream";
import { gunzipSync, inflateRawSync } from "node:zlib";
import { extract } from "tar-stream";
import type { SecretEngine } from "./engine.ts";
import type { Finding } from "./types.ts";

export interface ArchiveOptions {
  /** Archives larger than this (compressed) are not opened (default 10 MiB). */
  maxBytes: number;
  /** 1: archives in the tree are opened, archives inside them are not; 2 (default): one more level. */
  maxDepth: number;
  /** Bytes one top-level archive may inflate to, nested archives included (default 50 MiB). */
  maxInflatedBytes?: number;
}

export const DEFAULT_ARCHIVE_OPTIONS: Required<ArchiveOptions> = {
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 2,
  maxInflatedBytes: 50 * 1024 * 1024,
};

export type ArchiveKind = "zip" | "tar" | "tar.gz";

export interface PathNote {
  path: string;
  reason: string;
}

export interface ArchiveResult {
  findings: Finding[];
  /** Members read and their (inflated) bytes. */
  files: number;
  bytes: number;
  skipped: PathNote[];
  errors: PathNote[];
}

/** The archive format a file name says, if any. */
export function archiveKind(name: string): ArchiveKind | null {
  const n = name.toLowerCase();
  if (/\.(zip|jar|war|ear|whl|nupkg)$/.test(n)) return "zip";
  if (/\.(tar\.gz|tgz)$/.test(n)) return "tar.gz";
  if (n.endsWith(".tar")) return "tar";
  return null;
}

class BombError extends Error {}

interface Budget {
  remaining: number;
  limit: number;
}

/**
 * Scans the members of the archive `data` (named `path`). Never throws for a broken or
 * hostile archive: that is an entry in `errors`.
 */
export async function scanArchive(
  data: Uint8Array,
  path: string,
  kind: ArchiveKind,
  engine: SecretEngine,
  options: Partial<ArchiveOptions> = {},
): Promise<ArchiveResult> {
  const opts = { ...DEFAULT_ARCHIVE_OPTIONS, ...stripUndefined(options) };
  const result: ArchiveResult = { findings: [], files: 0, bytes: 0, skipped: [], errors: [] };
  const budget = { remaining: opts.maxInflatedBytes, limit: opts.maxInflatedBytes };
  await scanLevel(data, path, kind, engine, opts, 1, budget, result);
  return result;
}

async function scanLevel(
  data: Uint8Array,
  path: string,
  kind: ArchiveKind,
  engine: SecretEngine,
  opts: Required<ArchiveOptions>,
  depth: number,
  budget: Budget,
  out: ArchiveResult,
): Promise<void> {
  const member = async (name: string, bytes: Uint8Array) => {
    const memberPath = `${path}!${name}`;
    if (engine.isPathAllowed(memberPath)) return;
    out.files++;
    out.bytes += bytes.length;
    const inner = archiveKind(name);
    if (inner) {
      if (depth >= opts.maxDepth) {
        out.skipped.push({
          path: memberPath,
          reason: `archive nested deeper than ${opts.maxDepth} levels (not opened)`,
        });
      } else if (bytes.length > opts.maxBytes) {
        out.skipped.push({
          path: memberPath,
          reason: `archive larger than ${opts.maxBytes} bytes (not opened)`,
        });
      } else await scanLevel(bytes, memberPath, inner, engine, opts, depth + 1, budget, out);
      return;
    }
    const r = engine.scanBuffer(bytes, { path: memberPath });
    if (Array.isArray(r)) out.findings.push(...r);
    else out.skipped.push({ path: memberPath, reason: r.skipped });
  };
  try {
    if (kind === "zip") await readZip(data, budget, member, out.skipped, path);
    else {
      const tar = kind === "tar.gz" ? gunzipBounded(data, budget, path) : data;
      await readTar(tar, member);
    }
  } catch (err) {
    if (err instanceof BombError) {
      // The whole top-level archive stops (the budget is spent), reported once at the top.
      if (depth > 1) throw err;
      out.errors.push({ path, reason: err.message });
      return;
    }
    out.errors.push({ path, reason: `cannot read ${kind} archive: ${(err as Error).message}` });
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function spend(budget: Budget, bytes: number, what: string): void {
  if (bytes > budget.remaining) {
    throw new BombError(
      `decompression bomb? ${what} inflates beyond the ${budget.limit}-byte limit for one archive; the archive was not read further`,
    );
  }
  budget.remaining -= bytes;
}

function gunzipBounded(data: Uint8Array, budget: Budget, path: string): Uint8Array {
  let out: Buffer;
  try {
    out = gunzipSync(data, { maxOutputLength: Math.max(1, budget.remaining) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      spend(budget, budget.remaining + 1, `the gzip stream of ${JSON.stringify(path)}`);
    throw err;
  }
  spend(budget, out.length, `the gzip stream of ${JSON.stringify(path)}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// zip

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

class ZipFormatError extends Error {}

async function readZip(
  data: Uint8Array,
  budget: Budget,
  member: (name: string, bytes: Uint8Array) => Promise<void>,
  skipped: PathNote[],
  path: string,
): Promise<void> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (at: number) => {
    if (at < 0 || at + 2 > buf.length) throw new ZipFormatError("truncated");
    return buf.readUInt16LE(at);
  };
  const u32 = (at: number) => {
    if (at < 0 || at + 4 > buf.length) throw new ZipFormatError("truncated");
    return buf.readUInt32LE(at);
  };
  const u64 = (at: number) => {
    if (at < 0 || at + 8 > buf.length) throw new ZipFormatError("truncated");
    const v = buf.readBigUInt64LE(at);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError("ZIP64 value out of range");
    return Number(v);
  };

  // End of central directory: the last 22 bytes, before a comment of up to 64 KiB.
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0 && i >= buf.length - 22 - 0xffff; i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError("no end of central directory (not a zip file?)");
  let entries = u16(eocd + 10);
  let cdOffset = u32(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator >= 0 && u32(locator) === ZIP64_LOCATOR) {
      const z = u64(locator + 8);
      if (u32(z) !== ZIP64_EOCD) throw new ZipFormatError("bad ZIP64 end of central directory");
      entries = u64(z + 32);
      cdOffset = u64(z + 48);
    }
  }

  let at = cdOffset;
  for (let n = 0; n < entries; n++) {
    if (u32(at) !== CENTRAL) throw new ZipFormatError(`bad central directory entry ${n}`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    let compressed = u32(at + 20);
    let size = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let localOffset = u32(at + 42);
    const nameBytes = buf.subarray(at + 46, at + 46 + nameLength);
    const name = nameBytes.toString(flags & 0x800 ? "utf8" : "latin1");
    // ZIP64 extended information: the 64-bit values of the fields that read 0xFFFFFFFF.
    const extraEnd = at + 46 + nameLength + extraLength;
    for (let e = at + 46 + nameLength; e + 4 <= extraEnd; ) {
      const id = u16(e);
      const len = u16(e + 2);
      if (id === 0x0001) {
        let f = e + 4;
        if (size === 0xffffffff) {
          size = u64(f);
          f += 8;
        }
        if (compressed === 0xffffffff) {
          compressed = u64(f);
          f += 8;
        }
        if (localOffset === 0xffffffff) localOffset = u64(f);
      }
      e += 4 + len;
    }
    at = extraEnd + commentLength;

    if (name.endsWith("/")) continue; // a directory
    const memberPath = `${path}!${name}`;
    if (flags & 0x1) {
      skipped.push({ path: memberPath, reason: "encrypted zip member" });
      continue;
    }
    if (method !== 0 && method !== 8) {
      skipped.push({ path: memberPath, reason: `zip compression method ${method} not supported` });
      continue;
    }
    // The declared size is checked before anything is inflated.
    const what = `zip member ${JSON.stringify(memberPath)}`;
    if (size > budget.remaining) spend(budget, size, what);
    if (u32(localOffset) !== LOCAL) throw new ZipFormatError(`bad local header for ${name}`);
    const start = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28);
    if (start + compressed > buf.length) throw new ZipFormatError(`${name} runs past the end`);
    const raw = buf.subarray(start, start + compressed);
    let bytes: Uint8Array;
    if (method === 0) bytes = raw;
    else {
      try {
        bytes = inflateRawSync(raw, { maxOutputLength: Math.max(1, budget.remaining) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
          spend(budget, budget.remaining + 1, what);
        skipped.push({
          path: memberPath,
          reason: `corrupt deflate data: ${(err as Error).message}`,
        });
        continue;
      }
    }
    spend(budget, bytes.length, what);
    await member(name, bytes);
  }
}

// ---------------------------------------------------------------------------------------------
// tar

async function readTar(
  data: Uint8Array,
  member: (name: string, bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  const tar = extract();
  const source = Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
  source.pipe(tar);
  source.on("error", (err) => tar.destroy(err));
  for await (const entry of tar) {
    const h = entry.header;
    if (h.type !== "file" && h.type !== "contiguous-file") {
      entry.resume();
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    await member(h.name, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  }
}
