import { createHash } from "node:crypto";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { Decompress } from "fzstd";
import { extract } from "tar-stream";
import type { CatalogReader, ImageFile, Package, Problem } from "../catalog/types.ts";
import { normalizeEntryPath, type Whiteout, whiteoutOf } from "./paths.ts";

export interface LayerLimits {
  /** Most bytes a layer may inflate to; beyond, the layer is cut off (a decompression bomb). */
  maxLayerBytes: number;
  /** Most entries a layer may hold. */
  maxEntries: number;
}

export const DEFAULT_LIMITS: LayerLimits = { maxLayerBytes: 16 * 1024 ** 3, maxEntries: 2_000_000 };

/**
 * What one layer contributes: packages read from its files, the files that are read together
 * later (OS databases), what it deletes, and what went wrong. It depends on this layer alone,
 * so it can be cached by diff_id.
 */
export interface LayerContent {
  diffId: string;
  /** Files for readers that read a set of files together (kind "os"), kept until the merge. */
  files: ImageFile[];
  /** Packages from readers that read each file on its own (kind "language" and "binary"), by file path. */
  packages: Record<string, Package[]>;
  /** Per file path: the ids of the readers that wanted it. */
  wantedBy: Record<string, string[]>;
  whiteouts: Whiteout[];
  /** How many tar entries the layer holds. */
  entries: number;
  problems: Problem[];
  /** True when the layer could not be read to its end. */
  truncated: boolean;
}

const HEAD_BYTES = 64;
/** Lets decompression (on the thread pool) run ahead of tar parsing (on the main thread). */
const BUFFER_AHEAD = 4 * 1024 * 1024;

/**
 * Streams one layer (gzip, zstd or plain tar, told apart by magic bytes), hashing the
 * uncompressed bytes for the diff_id. A file a per-file reader wants is read as it passes and
 * dropped (only its packages stay); a file an OS reader wants is kept for the merge. Nothing is
 * extracted to disk; memory holds one wanted file at a time plus the OS databases.
 */
export async function readLayer(
  compressed: Readable,
  readers: readonly CatalogReader[],
  limits: LayerLimits,
  label: string,
  onBytes?: (n: number) => void,
): Promise<LayerContent & { computedDiffId: string }> {
  const content: LayerContent = {
    diffId: "",
    files: [],
    packages: {},
    wantedBy: {},
    whiteouts: [],
    entries: 0,
    problems: [],
    truncated: false,
  };
  const diff = createHash("sha256");
  let inflated = 0;
  const meter = new Transform({
    highWaterMark: BUFFER_AHEAD,
    transform(chunk: Buffer, _enc, done) {
      inflated += chunk.length;
      if (inflated > limits.maxLayerBytes) {
        done(
          new LayerError(
            `layer inflates beyond ${limits.maxLayerBytes} bytes (decompression bomb?)`,
          ),
        );
        return;
      }
      diff.update(chunk);
      done(null, chunk);
    },
  });
  compressed.on("data", (c: Buffer) => onBytes?.(c.length));

  const tar = extract();
  const consume = (async () => {
    for await (const entry of tar) {
      content.entries++;
      if (content.entries > limits.maxEntries)
        throw new LayerError(`layer has more than ${limits.maxEntries} entries`);
      await visit(entry as unknown as Entry, entry.header, content, readers, label);
    }
  })();
  try {
    await Promise.all([pipeline(compressed, decompressor(), meter, tar), consume]);
    // A tar may end (two zero blocks) before the stream does: hash the rest for the diff_id.
  } catch (err) {
    content.truncated = true;
    content.problems.push({ path: label, reason: describe(err) });
    compressed.destroy();
    tar.destroy();
    await consume.catch(() => {});
  }
  return { ...content, computedDiffId: `sha256:${diff.digest("hex")}` };
}

class LayerError extends Error {}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e instanceof LayerError) return e.message;
  if (e.code === "Z_DATA_ERROR" || e.code === "Z_BUF_ERROR")
    return `corrupt gzip data: ${e.message}`;
  if (e.code === "ERR_STREAM_PREMATURE_CLOSE") return "layer stream ended early (truncated)";
  if (/unexpected end|Unexpected end/i.test(e.message ?? ""))
    return `truncated layer: ${e.message}`;
  return `cannot read layer: ${e.message ?? String(err)}`;
}

/** Picks gzip, zstd or nothing from the first bytes. */
function decompressor(): Transform {
  let inner: Transform | null = null;
  let pending: Buffer[] = [];
  let seen = 0;
  const out: Transform = new Transform({
    highWaterMark: BUFFER_AHEAD,
    transform(chunk: Buffer, _enc, done) {
      if (inner) {
        feed(inner, chunk, done);
        return;
      }
      pending.push(chunk);
      seen += chunk.length;
      if (seen < 4) return done();
      const head = Buffer.concat(pending);
      pending = [];
      inner = choose(head);
      inner.on("data", (d: Buffer) => out.push(d));
      inner.on("error", (err) => out.destroy(err));
      feed(inner, head, done);
    },
    flush(done) {
      if (!inner) {
        const head = Buffer.concat(pending);
        inner = choose(head);
        inner.on("data", (d: Buffer) => out.push(d));
        inner.on("error", (err) => out.destroy(err));
        if (head.length > 0) inner.write(head);
      }
      inner.once("end", () => done());
      inner.end();
    },
  });
  return out;
}

function feed(inner: Transform, chunk: Buffer, done: (err?: Error | null) => void): void {
  if (inner.write(chunk)) done();
  else inner.once("drain", () => done());
}

function choose(head: Buffer): Transform {
  if (head[0] === 0x1f && head[1] === 0x8b) {
    return createGunzip({ chunkSize: 256 * 1024 });
  }
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return zstd();
  return new Transform({ highWaterMark: BUFFER_AHEAD, transform: (c, _e, d) => d(null, c) });
}

function zstd(): Transform {
  let out: Transform;
  const z = new Decompress((chunk) => {
    out.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  out = new Transform({
    highWaterMark: BUFFER_AHEAD,
    transform(chunk: Buffer, _e, done) {
      try {
        z.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        done();
      } catch (err) {
        done(new LayerError(`corrupt zstd data: ${(err as Error).message}`));
      }
    },
    flush(done) {
      try {
        z.push(new Uint8Array(0), true);
        done();
      } catch (err) {
        done(new LayerError(`corrupt zstd data: ${(err as Error).message}`));
      }
    },
  });
  return out;
}

type Entry = AsyncIterable<Buffer> & { resume(): void };
type Header = {
  name: string;
  type?: string | null;
  mode?: number;
  size?: number;
  linkname?: string | null;
};

async function visit(
  entry: Entry,
  header: Header,
  content: LayerContent,
  readers: readonly CatalogReader[],
  label: string,
) {
  const path = normalizeEntryPath(header.name);
  if (path === null) {
    content.problems.push({
      path: header.name.slice(0, 300),
      reason: "entry name climbs out of the root; skipped",
      layer: label,
    });
    return drain(entry);
  }
  const whiteout = whiteoutOf(path);
  if (whiteout) {
    content.whiteouts.push(whiteout);
    return drain(entry);
  }
  const type = header.type ?? "file";
  if (type === "link") {
    // A hard link to a file this layer already holds: the same content under a second name.
    const target = header.linkname ? normalizeEntryPath(header.linkname) : null;
    const source = target ? content.files.find((f) => f.path === target) : undefined;
    const read = target ? content.packages[target] : undefined;
    if (source) {
      content.files.push({ ...source, path });
      content.wantedBy[path] = content.wantedBy[source.path] ?? [];
    }
    if (read)
      content.packages[path] = read.map((p) => ({
        ...p,
        path: path + p.path.slice(target!.length),
      }));
    if (target === null && header.linkname) {
      content.problems.push({
        path,
        reason: "hard link points outside the root; skipped",
        layer: label,
      });
    }
    return drain(entry);
  }
  if (type !== "file" && type !== "contiguous-file") {
    // Directories, symlinks, devices and FIFOs carry no package data.
    return drain(entry);
  }
  // Read the head to let binary readers sniff, then keep the rest only if someone wants it.
  const iterator = entry[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    size += next.value.length;
  }
  const head = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).subarray(0, HEAD_BYTES);
  const wanted = wantedBy(readers, path, head);
  if (wanted.length === 0) {
    if (!done) await drainIterator(iterator);
    return;
  }
  const limit = Math.max(
    ...readers.filter((r) => wanted.includes(r.meta.id)).map((r) => r.maxFileBytes),
  );
  const declared = header.size ?? 0;
  if (declared > limit) {
    content.problems.push({
      path,
      reason: `file is ${declared} bytes; readers accept at most ${limit}; skipped`,
      layer: label,
    });
    if (!done) await drainIterator(iterator);
    return;
  }
  // One buffer of the declared size, filled as chunks arrive: a big binary is held once, not twice.
  const bytes = Buffer.allocUnsafe(Math.max(declared, size));
  let filled = 0;
  for (const c of chunks) filled += c.copy(bytes, filled);
  chunks.length = 0;
  while (!done) {
    const next = await iterator.next();
    if (next.done) break;
    if (filled + next.value.length > bytes.length) {
      content.problems.push({
        path,
        reason: "entry is longer than its tar header says; skipped",
        layer: label,
      });
      await drainIterator(iterator);
      return;
    }
    filled += next.value.copy(bytes, filled);
  }
  const file: ImageFile = {
    path,
    content: bytes.subarray(0, filled),
    layer: null,
    mode: header.mode ?? 0,
  };
  const setReaders = readers.filter((r) => wanted.includes(r.meta.id) && r.meta.kind === "os");
  if (setReaders.length > 0) {
    content.files.push(file);
    content.wantedBy[path] = setReaders.map((r) => r.meta.id);
  }
  for (const reader of readers) {
    if (!wanted.includes(reader.meta.id) || reader.meta.kind === "os") continue;
    try {
      const result = await reader.read([file], { os: null, source: "image" });
      if (result.packages.length > 0) {
        const list = content.packages[path] ?? [];
        list.push(...result.packages);
        content.packages[path] = list;
      }
      for (const p of result.problems) content.problems.push({ ...p, layer: label });
    } catch (err) {
      content.problems.push({
        path,
        reason: `${reader.meta.id} reader failed: ${(err as Error).message}`,
        layer: label,
      });
    }
  }
}

function wantedBy(readers: readonly CatalogReader[], path: string, head: Buffer): string[] {
  const ids: string[] = [];
  for (const r of readers) {
    if (r.wants(path, head)) ids.push(r.meta.id);
  }
  return ids;
}

async function drain(entry: Entry): Promise<void> {
  for await (const _ of entry) {
    // discard
  }
}

async function drainIterator(iterator: AsyncIterator<Buffer>): Promise<void> {
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
  }
}
