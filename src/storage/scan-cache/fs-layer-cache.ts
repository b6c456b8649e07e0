import { createHash, randomBytes } from "node:crypto";
import { lstat, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeDirs } from "../../core/files.ts";
import type { ImageFile } from "../../scanner/catalog/types.ts";
import type { LayerContent } from "../../scanner/image/layer-reader.ts";
import type { ImageResult, LayerCache } from "../../scanner/inventory.ts";

/**
 * The scanner's cache on disk: one file per key — a layer's contribution (diff_id and readers
 * version) or a whole image's inventory (config digest and readers version) — written
 * atomically (temp + rename), owner-only. A file that cannot be read back whole is a miss,
 * never an error.
 *
 * The file: the FORMAT line, one line of JSON (the key, the kind, the value, with each kept file's
 * content replaced by its length), then the kept files' bytes back to back. A layer keeps its OS
 * package databases (a Debian layer: the status file and ~5,000 `info/*.list` files, ~8 MB); as
 * base64 inside JSON they cost ~100 ms of the scanning thread to write, in the middle of the
 * other layers' reading, and as much to read back. Raw, they are one copy each way.
 */
const FORMAT = Buffer.from("drydock-scan-cache 2\n");

export interface FsLayerCacheOptions {
  /**
   * Called once, with the first error, when the cache cannot be written (the folder is a file,
   * read-only, full): the scan goes on and its results are simply not kept.
   */
  onWriteError?: (err: Error) => void;
}

export class FsLayerCache implements LayerCache {
  private writeFailed = false;

  constructor(
    private readonly dir: string,
    private readonly opts: FsLayerCacheOptions = {},
  ) {}

  async get(key: string): Promise<LayerContent | null> {
    const stored = await this.read<StoredLayer>(key, "layer");
    if (!stored) return null;
    const { value, bytes } = stored;
    let at = 0;
    const files: ImageFile[] = [];
    for (const f of value.files) {
      if (!Number.isSafeInteger(f.content) || f.content < 0 || at + f.content > bytes.length)
        return null;
      files.push({ ...f, content: bytes.subarray(at, at + f.content) });
      at += f.content;
    }
    return at === bytes.length ? { ...value, files } : null;
  }

  async put(key: string, content: LayerContent): Promise<void> {
    const stored: StoredLayer = {
      ...content,
      files: content.files.map((f) => ({ ...f, content: f.content.length })),
    };
    await this.write(
      key,
      "layer",
      stored,
      content.files.map((f) => f.content),
    );
  }

  async getImage(key: string): Promise<ImageResult | null> {
    const stored = await this.read<ImageResult>(key, "image");
    return stored && stored.bytes.length === 0 ? stored.value : null;
  }

  putImage(key: string, result: ImageResult): Promise<void> {
    return this.write(key, "image", result, []);
  }

  /**
   * Removes the cache's own files: entries of this format and the previous one (`.json`), and
   * writes left half-done by a stopped scan (`.tmp`, when over an hour old: a scan running
   * now may be writing one). With `olderThanMs`, only entries written longer ago than that.
   * Nothing else in the folder is touched (a --cache-dir pointed at the wrong folder loses
   * nothing); the spill folder sweeps itself (scanner/image/spill.ts).
   */
  async clean(opts: { olderThanMs?: number; now?: number } = {}): Promise<CleanResult> {
    const result: CleanResult = { removed: 0, bytes: 0, kept: 0 };
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return result;
      throw err;
    }
    const now = opts.now ?? Date.now();
    for (const name of names.sort()) {
      const kind = OWN_FILE.exec(name);
      if (!kind) continue;
      const path = join(this.dir, name);
      const st = await lstat(path).catch(() => null);
      if (!st?.isFile()) continue;
      const minAge = kind[2] ? Math.max(TMP_MIN_AGE_MS, opts.olderThanMs ?? 0) : opts.olderThanMs;
      if (minAge !== undefined && now - st.mtimeMs < minAge) {
        result.kept++;
        continue;
      }
      try {
        await unlink(path);
        result.removed++;
        result.bytes += st.size;
      } catch (err) {
        // Removed by another clean or scan meanwhile: gone all the same.
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    }
    return result;
  }

  private path(key: string): string {
    return join(this.dir, `${createHash("sha256").update(key).digest("hex")}.cache`);
  }

  private async read<T>(key: string, kind: Kind): Promise<{ value: T; bytes: Buffer } | null> {
    let file: Buffer;
    try {
      file = await readFile(this.path(key));
    } catch {
      return null;
    }
    if (file.length < FORMAT.length || !file.subarray(0, FORMAT.length).equals(FORMAT)) return null;
    const end = file.indexOf(0x0a, FORMAT.length);
    if (end < 0) return null;
    try {
      const stored = JSON.parse(file.toString("utf8", FORMAT.length, end)) as {
        key: string;
        kind: Kind;
        value: T;
      };
      return stored.key === key && stored.kind === kind
        ? { value: stored.value, bytes: file.subarray(end + 1) }
        : null;
    } catch {
      return null;
    }
  }

  private async write(key: string, kind: Kind, value: unknown, bytes: Buffer[]): Promise<void> {
    const target = this.path(key);
    const tmp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await makeDirs(this.dir);
      const head = Buffer.from(`${JSON.stringify({ key, kind, value })}\n`);
      await writeFile(tmp, Buffer.concat([FORMAT, head, ...bytes]), { mode: 0o600 });
      await rename(tmp, target);
    } catch (err) {
      await unlink(tmp).catch(() => {});
      if (!this.writeFailed) {
        this.writeFailed = true;
        this.opts.onWriteError?.(err as Error);
      }
    }
  }
}

type Kind = "layer" | "image";

/** What FsLayerCache.clean did. */
export interface CleanResult {
  removed: number;
  bytes: number;
  /** Entries left because they are newer than asked. */
  kept: number;
}

/** The cache's own file names: an entry (this format, or the previous one's .json), or its temp file. */
const OWN_FILE = /^[0-9a-f]{64}\.(cache|json)(\.[0-9a-f]{12}\.tmp)?$/;
/** A temp file younger than this may be a running scan's write in progress. */
const TMP_MIN_AGE_MS = 60 * 60 * 1000;

type StoredLayer = Omit<LayerContent, "files"> & {
  files: (Omit<ImageFile, "content"> & { content: number })[];
};
