import type { CatalogReader, OsInfo, Package, Problem } from "./catalog/types.ts";
import type { LayerContent, LayerLimits } from "./image/layer-reader.ts";
import type { ImageSource, Platform } from "./image/source.ts";
import type { InventoryReport } from "./report/inventory.ts";

/**
 * Stores what a layer contributed, keyed by diff_id, so shared layers are read once; and the
 * whole image's result, keyed by its config digest (which names every layer's content), so a
 * rescan of the same image reads no layer at all. A cache is never why a scan fails: what
 * cannot be read back is a miss, and `put`/`putImage` resolve even when nothing could be
 * stored (the cache tells its owner its own way).
 */
export interface LayerCache {
  get(key: string): Promise<LayerContent | null>;
  put(key: string, content: LayerContent): Promise<void>;
  getImage(key: string): Promise<ImageResult | null>;
  putImage(key: string, result: ImageResult): Promise<void>;
}

/** A complete image's inventory: what the cache keeps of a scan that had no problem. */
export interface ImageResult {
  packages: Package[];
  os: OsInfo | null;
}

export interface ScanProgress {
  layer(index: number, total: number, diffId: string, cached: boolean): void;
  bytes(n: number): void;
}

export interface InventoryOptions {
  /** The readers, or how to load them: a rescan answered by the cache never needs them. */
  readers: readonly CatalogReader[] | (() => Promise<readonly CatalogReader[]>);
  platform: Platform;
  version: string;
  now: Date;
  limits?: LayerLimits;
  cache?: LayerCache;
  /** Part of the cache key: changes when the readers change. */
  readersVersion?: string;
  progress?: ScanProgress;
  /** Where executables too big to hold in memory wait for the binary readers (see image/spill.ts). */
  spillDir?: string;
  /** Layers read at the same time; default: the machine's cores, at most 4. */
  concurrency?: number;
}

/**
 * The inventory of an image: from the image cache when this image (its config digest) was
 * scanned completely before, else read layer by layer (image/read-image.ts).
 */
export async function scanImage(
  source: ImageSource,
  opts: InventoryOptions,
): Promise<InventoryReport> {
  const image = await source.resolve(opts.platform);
  const imageKey = `image|${image.configDigest}|${opts.readersVersion ?? "0"}`;
  const cached = await opts.cache?.getImage(imageKey);
  let result: ImageResult & { problems: Problem[] };
  if (cached) {
    for (const [i, l] of image.layers.entries())
      opts.progress?.layer(i, image.layers.length, l.diffId, true);
    result = { ...cached, problems: [] };
  } else {
    // The readers and the layer machinery load only when a layer must be read (start-up of a
    // cached rescan), both at once.
    const [loaded, { readImage }] = await Promise.all([
      typeof opts.readers === "function" ? opts.readers() : opts.readers,
      import("./image/read-image.ts"),
    ]);
    // Lockfile readers (sources: ["dir"]) describe a project, not what an image has installed.
    const readers = loaded.filter((r) => r.meta.sources.includes("image"));
    result = await readImage(source, image, { ...opts, readers });
    if (result.problems.length === 0)
      await opts.cache?.putImage(imageKey, { packages: result.packages, os: result.os });
  }
  return {
    schemaVersion: 1,
    tool: { name: "drydock", version: opts.version },
    createdAt: opts.now.toISOString(),
    target: {
      kind: "image",
      ref: source.ref,
      digest: image.digest,
      platform: image.platform,
      os: result.os,
      layers: image.layers.map((l) => ({ diffId: l.diffId, digest: l.digest, size: l.size })),
    },
    packages: result.packages,
    problems: result.problems,
    partial: result.problems.length > 0,
  };
}
