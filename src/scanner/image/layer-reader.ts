import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { inflateLayer, LayerStreamError } from "../../core/layer-stream.ts";
import {
  normalizeEntryPath,
  type TarContentSink,
  TarError,
  type TarHeader,
  TarParser,
  type TarVisitor,
} from "../../core/tar.ts";
import { isElf } from "../binary/elf.ts";
import type { CatalogReader, ImageFile, Package, Problem } from "../catalog/types.ts";
import { type Whiteout, whiteoutOf } from "./paths.ts";
import { SPILL_BYTES, SpilledFile } from "./spill.ts";

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

/** Bytes of a file the readers see before deciding whether they want it (binary magic numbers). */
const HEAD_BYTES = 64;
/** Bytes a spill may have in flight to the disk before the layer stream waits for them. */
const SPILL_BACKLOG = 16 * 1024 * 1024;
/** A spilled file's content until its sparse copy is loaded. */
const EMPTY = Buffer.alloc(0);

/**
 * Streams one layer (gzip, zstd or plain tar, told apart by magic bytes), hashing the
 * uncompressed bytes for the diff_id. The tar is parsed in place: content nobody wants is
 * skipped by arithmetic, never copied. A file a per-file reader wants is read as it passes and
 * dropped (only its packages stay); a file an OS reader wants is kept for the merge. Nothing
 * is extracted to disk; memory holds the wanted files of one chunk plus the OS databases.
 */
export interface ReadLayerOptions {
  readers: readonly CatalogReader[];
  limits: LayerLimits;
  /** Names the layer in problems. */
  label: string;
  /** Compressed bytes read so far (progress). */
  onBytes?: (n: number) => void;
  /** A private folder (in the scan cache) where big executables wait for the binary readers. */
  spillDir?: string;
}

export async function readLayer(
  compressed: Readable,
  { readers, limits, label, onBytes, spillDir }: ReadLayerOptions,
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
  const collector = new Collector(content, readers, label, spillDir);
  const tar = new TarParser(collector);
  let inflated = 0;
  try {
    // gzip's CRC-32 is left out: the diff_id checks the same bytes (core/gzip.ts).
    for await (const chunk of inflateLayer(compressed, onBytes, { gzipCrc: false })) {
      inflated += chunk.length;
      if (inflated > limits.maxLayerBytes)
        throw new LayerError(
          `layer inflates beyond ${limits.maxLayerBytes} bytes (decompression bomb?)`,
        );
      diff.update(chunk);
      // A tar may end (a zero block) before the stream does: the rest is only hashed.
      if (tar.finished) continue;
      tar.push(chunk);
      if (tar.entries > limits.maxEntries)
        throw new LayerError(`layer has more than ${limits.maxEntries} entries`);
      // Files completed in this chunk are read while decompression goes on.
      if (collector.hasPending()) await collector.readPending();
    }
    tar.end();
  } catch (err) {
    content.truncated = true;
    content.problems.push({ path: label, reason: describe(err) });
  } finally {
    await collector.abandonOpenEntry();
  }
  // Files completed before a failure are still read: the rest of the image counts.
  await collector.readPending();
  content.entries = tar.entries;
  return { ...content, computedDiffId: `sha256:${diff.digest("hex")}` };
}

class LayerError extends Error {}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e instanceof LayerError || e instanceof LayerStreamError) return e.message;
  if (e instanceof TarError) return `corrupt tar: ${e.message}`;
  if (e.code === "Z_DATA_ERROR" || e.code === "Z_BUF_ERROR")
    return `corrupt gzip data: ${e.message}`;
  if (e.code === "ERR_STREAM_PREMATURE_CLOSE") return "layer stream ended early (truncated)";
  if (/unexpected end|Unexpected end/i.test(e.message ?? ""))
    return `truncated layer: ${e.message}`;
  return `cannot read layer: ${e.message ?? String(err)}`;
}

/**
 * Sees every tar entry of a layer: records whiteouts, resolves hard links, and for regular
 * files collects the first bytes, asks the readers whether they want the file, and keeps its
 * content only if so. Only one entry is open at a time, so the collector is its own sink.
 */
class Collector implements TarVisitor, TarContentSink {
  /** Files complete in the stream, waiting for the readers (a spilled one with its spill). */
  private readonly pending: { file: ImageFile; spill?: SpilledFile }[] = [];
  /** The OS readers' files of this layer, by path (hard links to them are resolved here). */
  private readonly kept = new Map<string, ImageFile>();
  // The open entry.
  private path = "";
  private mode = 0;
  private size = 0;
  private state: "head" | "keep" | "spill" | "skip" = "skip";
  private spilled: SpilledFile | null = null;
  private readonly head = Buffer.allocUnsafe(HEAD_BYTES);
  private headLength = 0;
  private bytes: Buffer | null = null;
  private filled = 0;

  constructor(
    private readonly content: LayerContent,
    private readonly readers: readonly CatalogReader[],
    private readonly label: string,
    private readonly spillDir: string | undefined,
  ) {}

  entry(header: TarHeader): TarContentSink | null {
    const path = normalizeEntryPath(header.name);
    if (path === null) {
      this.content.problems.push({
        path: header.name.slice(0, 300),
        reason: "entry name climbs out of the root; skipped",
        layer: this.label,
      });
      return null;
    }
    const whiteout = whiteoutOf(path);
    if (whiteout) {
      this.content.whiteouts.push(whiteout);
      return null;
    }
    if (header.type === "link") {
      this.link(path, header.linkname);
      return null;
    }
    // Directories, symlinks, devices and FIFOs carry no package data.
    if (header.type !== "file" && header.type !== "contiguous-file") return null;
    this.path = path;
    this.mode = header.mode;
    this.size = header.size;
    this.state = "head";
    this.headLength = 0;
    this.bytes = null;
    this.filled = 0;
    return this;
  }

  data(chunk: Buffer): void {
    let from = 0;
    if (this.state === "head") {
      from = Math.min(HEAD_BYTES - this.headLength, chunk.length);
      this.headLength += chunk.copy(this.head, this.headLength, 0, from);
      if (this.headLength < HEAD_BYTES && this.headLength < this.size) return;
      this.decide();
    }
    if (from >= chunk.length) return;
    if (this.state === "keep") this.filled += chunk.copy(this.bytes!, this.filled, from);
    else if (this.state === "spill") this.spilled!.write(chunk.subarray(from));
  }

  end(): void {
    if (this.state === "head") this.decide();
    if (this.state === "skip") return;
    const spilled = this.state === "spill";
    const content = spilled ? EMPTY : this.bytes!.subarray(0, this.filled);
    const file: ImageFile = { path: this.path, content, layer: null, mode: this.mode };
    this.pending.push(spilled ? { file, spill: this.spilled! } : { file });
    this.bytes = null;
    this.spilled = null;
    this.state = "skip";
  }

  /** The layer stopped inside an entry: a half-written spill file goes. */
  async abandonOpenEntry(): Promise<void> {
    const spilled = this.spilled;
    this.spilled = null;
    await spilled?.discard();
    this.bytes = null;
    this.state = "skip";
  }

  /** The first bytes are in: keep the file only if a reader wants it and it is within limits. */
  private decide(): void {
    const head = this.head.subarray(0, this.headLength);
    const wanted = this.readers.filter((r) => r.wants(this.path, head));
    if (wanted.length === 0) {
      this.state = "skip";
      return;
    }
    const limit = Math.max(...wanted.map((r) => r.maxFileBytes));
    if (this.size > limit) {
      this.content.problems.push({
        path: this.path,
        reason: `file is ${this.size} bytes; readers accept at most ${limit}; skipped`,
        layer: this.label,
      });
      this.state = "skip";
      return;
    }
    if (
      this.spillDir !== undefined &&
      this.size > SPILL_BYTES &&
      isElf(head) &&
      wanted.every((r) => r.meta.kind === "binary")
    ) {
      try {
        this.spilled = new SpilledFile(this.spillDir, this.size);
        this.spilled.write(head);
        this.state = "spill";
        return;
      } catch {
        // No room in the cache folder: the file is held in memory instead.
        this.spilled = null;
      }
    }
    // One buffer of the declared size, filled as chunks arrive: a big binary is held once.
    this.bytes = Buffer.allocUnsafe(this.size);
    this.filled = this.head.copy(this.bytes, 0, 0, this.headLength);
    this.state = "keep";
  }

  /** A hard link to a file this layer already holds: the same content under a second name. */
  private link(path: string, linkname: string | null): void {
    const target = linkname ? normalizeEntryPath(linkname) : null;
    if (target === null) {
      if (linkname)
        this.content.problems.push({
          path,
          reason: "hard link points outside the root; skipped",
          layer: this.label,
        });
      return;
    }
    // Not read yet, or kept for the OS readers: read the same bytes again under the new name.
    const kept = this.kept.get(target);
    const waiting = kept ? { file: kept } : this.pending.find((p) => p.file.path === target);
    if (waiting) {
      this.pending.push({ ...waiting, file: { ...waiting.file, path } });
      return;
    }
    // Read and dropped already: its packages, moved to the new name.
    const read = this.content.packages[target];
    if (read)
      this.content.packages[path] = read.map((p) => ({
        ...p,
        path: path + p.path.slice(target.length),
      }));
  }

  /** Files wait for the readers, or a spill's writes are too far behind: the stream should wait. */
  hasPending(): boolean {
    return this.pending.length > 0 || (this.spilled?.backlog ?? 0) > SPILL_BACKLOG;
  }

  /** Runs the readers on the files completed so far. */
  async readPending(): Promise<void> {
    while (this.pending.length > 0) {
      const { file, spill } = this.pending.shift()!;
      if (spill) {
        try {
          file.content = await spill.finish();
        } catch (err) {
          this.content.problems.push({
            path: file.path,
            reason: `cannot keep the file aside for the binary readers: ${(err as Error).message}`,
            layer: this.label,
          });
          continue;
        }
      }
      await this.read(file);
    }
    await this.spilled?.drained();
  }

  private async read(file: ImageFile): Promise<void> {
    const { content, label } = this;
    const path = file.path;
    const wanted = this.readers.filter((r) => r.wants(path, file.content.subarray(0, HEAD_BYTES)));
    const setReaders = wanted.filter((r) => r.meta.kind === "os");
    if (setReaders.length > 0) {
      content.files.push(file);
      content.wantedBy[path] = setReaders.map((r) => r.meta.id);
      this.kept.set(path, file);
    }
    for (const reader of wanted) {
      if (reader.meta.kind === "os") continue;
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
}
