/**
 * Secrets in a container image: every regular file of EVERY layer, whiteouts NOT applied (a
 * file a later layer deletes is still in the image's blobs, and anyone who pulls the image
 * can read it), plus the config's Env, Labels, Cmd and Entrypoint and each history step's
 * `created_by` (a `RUN` or `ENV` line keeps its arguments there).
 *
 * Layers are streamed (gzip, zstd or plain tar, told apart by their first bytes) and never
 * unpacked to disk; memory holds one file at a time, up to `maxFileBytes`. Archives in a layer
 * (jar, war, zip, tar.gz up to 10 MiB) are opened like in a tree scan (archive.ts).
 *
 * The image comes through `SecretImageSource`, the port this part needs: the scanner's
 * `ImageSource` (src/scanner/image/source.ts, what `openTarget` opens) satisfies it as it is.
 * Decompression is core's (`core/layer-stream.ts`), shared with the package scanner.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { extract } from "tar-stream";
import { inflateLayer, LayerStreamError } from "../core/layer-stream.ts";
import { normalizeEntryPath } from "../core/tar.ts";
import { archiveKind, DEFAULT_ARCHIVE_OPTIONS, scanArchive } from "./archive.ts";
import { SecretEngine } from "./engine.ts";
import type { Finding, Origin } from "./types.ts";

/** What the image scan needs of the engine (`SecretEngine` fits). */
export interface BufferScanner {
  scanText(text: string, origin: Origin): Finding[];
  scanBuffer(buf: Uint8Array, origin: Origin): Finding[] | { skipped: "binary" | "too-large" };
  /** Files above `maxFileBytes` go here, in bounded memory, when the engine offers it. */
  scanStream?(
    source: AsyncIterable<Uint8Array>,
    origin: Origin,
  ): Promise<Finding[] | { skipped: "binary" }>;
}

/** The parts of an image config (OCI image spec, config.md) where secrets are looked for. */
export interface SecretImageConfig {
  config?:
    | {
        Env?: string[] | null | undefined;
        Cmd?: string[] | null | undefined;
        Entrypoint?: string[] | null | undefined;
        Labels?: Record<string, string> | null | undefined;
      }
    | null
    | undefined;
  history?: { created_by?: string | undefined }[] | undefined;
}

/** An opened image: the scanner's `ImageSource` fits. */
export interface SecretImageSource {
  readonly ref: string;
  resolve(platform: { os: string; architecture: string; variant?: string }): Promise<{
    config: SecretImageConfig;
    /** `digest`: the compressed blob's digest; null in a docker archive (diffId is used then). */
    layers: { digest: string | null; diffId: string }[];
  }>;
  /** The compressed bytes of layer `index`. */
  openLayer(index: number): Promise<Readable>;
}

export interface ImageSecretsOptions {
  platform?: { os: string; architecture: string; variant?: string };
  /**
   * Files up to this size are read whole (default 10 MiB); bigger ones are streamed through
   * the engine's `scanStream` (skipped by an engine without one).
   */
  maxFileBytes?: number;
  /** A layer inflating beyond this is cut off and reported (default 16 GiB). */
  maxLayerBytes?: number;
  onProgress?(p: { layer: number; layers: number; bytes: number }): void;
}

export interface ImageSecretsResult {
  findings: Finding[];
  /** `files`: regular files handed to the engine; `bytes`: their size; `layers`: layers read. */
  stats: { layers: number; files: number; bytes: number };
  errors: { path: string; reason: string }[];
}

const DEFAULT_MAX_FILE = 10 * 1024 * 1024;
const DEFAULT_MAX_LAYER = 16 * 1024 ** 3;
const MAX_ENTRIES = 2_000_000;

export async function scanImageSecrets(
  image: SecretImageSource,
  engine: BufferScanner,
  opts: ImageSecretsOptions = {},
): Promise<ImageSecretsResult> {
  const resolved = await image.resolve(opts.platform ?? { os: "linux", architecture: "amd64" });
  const result: ImageSecretsResult = {
    findings: [],
    stats: { layers: 0, files: 0, bytes: 0 },
    errors: [],
  };
  const maxFile = opts.maxFileBytes ?? DEFAULT_MAX_FILE;
  const maxLayer = opts.maxLayerBytes ?? DEFAULT_MAX_LAYER;
  let read = 0;
  for (const [i, ref] of resolved.layers.entries()) {
    const layer = ref.digest ?? ref.diffId;
    opts.onProgress?.({ layer: i, layers: resolved.layers.length, bytes: read });
    try {
      const stream = await image.openLayer(i);
      await scanLayer(stream, layer, engine, result, { maxFile, maxLayer }, (n) => {
        read += n;
        opts.onProgress?.({ layer: i, layers: resolved.layers.length, bytes: read });
      });
    } catch (err) {
      result.errors.push({ path: `layer ${i + 1} (${layer})`, reason: describe(err) });
    }
    result.stats.layers++;
  }
  scanConfig(resolved.config, engine, result.findings);
  return result;
}

/** Env, Labels, Cmd, Entrypoint (layer `config`) and history (layer `history`). */
export function scanConfig(
  config: SecretImageConfig,
  engine: Pick<BufferScanner, "scanText">,
  out: Finding[],
): void {
  const c = config.config ?? {};
  const scan = (text: string, origin: Origin) => {
    if (text.length === 0) return;
    for (const f of engine.scanText(text, origin)) out.push({ ...f, origin });
  };
  // One line per variable and label, so a finding's line is the entry's index + 1.
  scan((c.Env ?? []).join("\n"), { path: "config", layer: "config", field: "Env" });
  scan(
    Object.entries(c.Labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join("\n"),
    { path: "config", layer: "config", field: "Labels" },
  );
  scan((c.Cmd ?? []).join(" "), { path: "config", layer: "config", field: "Cmd" });
  scan((c.Entrypoint ?? []).join(" "), { path: "config", layer: "config", field: "Entrypoint" });
  for (const [i, h] of (config.history ?? []).entries()) {
    if (h.created_by)
      scan(h.created_by, { path: `history[${i}]`, layer: "history", field: "history" });
  }
}

class LayerError extends Error {}

type Entry = AsyncIterable<Buffer> & { resume(): void };

async function scanLayer(
  compressed: Readable,
  layer: string,
  engine: BufferScanner,
  result: ImageSecretsResult,
  limits: { maxFile: number; maxLayer: number },
  onBytes: (n: number) => void,
): Promise<void> {
  async function* inflated(): AsyncGenerator<Buffer> {
    let total = 0;
    for await (const chunk of inflateLayer(compressed, onBytes)) {
      total += chunk.length;
      if (total > limits.maxLayer)
        throw new LayerError(
          `layer inflates beyond ${limits.maxLayer} bytes (decompression bomb?)`,
        );
      yield chunk;
    }
  }
  const tar = extract();
  let entries = 0;
  const consume = (async () => {
    for await (const raw of tar) {
      const entry = raw as unknown as Entry;
      if (++entries > MAX_ENTRIES)
        throw new LayerError(`layer has more than ${MAX_ENTRIES} entries`);
      await visit(entry, raw.header, layer, engine, result, limits.maxFile);
    }
  })();
  try {
    await Promise.all([pipeline(Readable.from(inflated(), { objectMode: false }), tar), consume]);
  } catch (err) {
    compressed.destroy();
    tar.destroy();
    await consume.catch(() => {});
    throw err;
  }
}

async function visit(
  entry: Entry,
  header: { name: string; type?: string | null; size?: number },
  layer: string,
  engine: BufferScanner,
  result: ImageSecretsResult,
  maxFile: number,
): Promise<void> {
  const type = header.type ?? "file";
  const path = normalizeEntryPath(header.name);
  // Whiteouts are empty markers; links, directories and devices hold no content of their own.
  if ((type !== "file" && type !== "contiguous-file") || path === null || isWhiteout(path)) {
    if (path === null)
      result.errors.push({
        path: header.name.slice(0, 300),
        reason: `entry name climbs out of the root; skipped (layer ${layer})`,
      });
    return drain(entry);
  }
  const size = header.size ?? 0;
  if (size > maxFile) {
    if (!engine.scanStream) return drain(entry);
    // The engine may stop early (a binary): the rest of the entry is drained here, so the
    // iterator handed over has no `return` that would destroy the entry.
    const it = entry[Symbol.asyncIterator]();
    let read = 0;
    const source: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const n = await it.next();
          if (!n.done) read += n.value.length;
          return n;
        },
      }),
    };
    const origin: Origin = { path, layer };
    const found = await engine.scanStream(source, origin);
    for (;;) if ((await it.next()).done) break;
    result.stats.files++;
    result.stats.bytes += read;
    if (Array.isArray(found)) for (const f of found) result.findings.push({ ...f, origin });
    return;
  }
  const bytes = Buffer.allocUnsafe(size);
  let filled = 0;
  for await (const chunk of entry) {
    if (filled + chunk.length > size) {
      result.errors.push({
        path,
        reason: `entry is longer than its tar header says (layer ${layer})`,
      });
      return drain(entry);
    }
    filled += chunk.copy(bytes, filled);
  }
  const content = bytes.subarray(0, filled);
  result.stats.files++;
  result.stats.bytes += filled;
  const origin: Origin = { path, layer };
  const kind = archiveKind(path);
  if (kind && engine instanceof SecretEngine && filled <= DEFAULT_ARCHIVE_OPTIONS.maxBytes) {
    // A jar, war, zip or tarball in the image: its members, as `app.jar!BOOT-INF/x.properties`.
    const inner = await scanArchive(content, path, kind, engine);
    for (const f of inner.findings) result.findings.push({ ...f, origin: { ...f.origin, layer } });
    for (const e of inner.errors)
      result.errors.push({ path: e.path, reason: `${e.reason} (layer ${layer})` });
    return;
  }
  const found = engine.scanBuffer(content, origin);
  if (Array.isArray(found)) for (const f of found) result.findings.push({ ...f, origin });
}

function isWhiteout(path: string): boolean {
  return path.slice(path.lastIndexOf("/") + 1).startsWith(".wh.");
}

async function drain(entry: Entry): Promise<void> {
  for await (const _ of entry) {
    // discard
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e instanceof LayerError || e instanceof LayerStreamError) return e.message;
  if (e.code === "Z_DATA_ERROR" || e.code === "Z_BUF_ERROR")
    return `corrupt gzip data: ${e.message}`;
  if (e.code === "ERR_STREAM_PREMATURE_CLOSE") return "layer stream ended early (truncated)";
  return `cannot read layer: ${e.message ?? String(err)}`;
}
