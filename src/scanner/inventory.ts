import { availableParallelism } from "node:os";
import type {
  CatalogReader,
  ImageFile,
  OsInfo,
  Package,
  Problem,
  ReadContext,
} from "./catalog/types.ts";
import { FinalTree } from "./image/final-tree.ts";
import {
  DEFAULT_LIMITS,
  type LayerContent,
  type LayerLimits,
  readLayer,
} from "./image/layer-reader.ts";
import type { ImageSource, Platform, ResolvedImage } from "./image/source.ts";
import { comparePackages, type InventoryReport } from "./report/inventory.ts";

/**
 * Stores what a layer contributed, keyed by diff_id, so shared layers are read once; and the
 * whole image's result, keyed by its config digest (which names every layer's content), so a
 * rescan of the same image reads no layer at all.
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
  readers: readonly CatalogReader[];
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
 * The inventory of an image: layers are streamed (several at a time, each on its own), then
 * merged bottom to top with whiteouts applied exactly, each wanted file kept in its final
 * version with the layer that brought it; then every reader reads its files. Broken parts
 * become problems; the rest is still scanned.
 */
export async function scanImage(
  source: ImageSource,
  opts: InventoryOptions,
): Promise<InventoryReport> {
  // Lockfile readers (sources: ["dir"]) describe a project, not what an image has installed.
  opts = { ...opts, readers: opts.readers.filter((r) => r.meta.sources.includes("image")) };
  const image = await source.resolve(opts.platform);
  const imageKey = `image|${image.configDigest}|${opts.readersVersion ?? "0"}`;
  const cached = await opts.cache?.getImage(imageKey);
  let result: ImageResult & { problems: Problem[] };
  if (cached) {
    for (const [i, l] of image.layers.entries())
      opts.progress?.layer(i, image.layers.length, l.diffId, true);
    result = { ...cached, problems: [] };
  } else {
    result = await inventory(source, image, opts);
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

async function inventory(
  source: ImageSource,
  image: ResolvedImage,
  opts: InventoryOptions,
): Promise<ImageResult & { problems: Problem[] }> {
  const concurrency = Math.max(1, opts.concurrency ?? Math.min(availableParallelism(), 4));
  const contents: LayerContent[] = new Array(image.layers.length);
  let next = 0;
  const work = async () => {
    while (next < image.layers.length) {
      const i = next++;
      contents[i] = await layerContent(source, image, i, opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, image.layers.length) }, work));
  const tree = new FinalTree();
  const problems: Problem[] = [];
  contents.forEach((layer, i) => {
    tree.apply(layer, image.layers[i]!.diffId);
    problems.push(...layer.problems);
  });
  const { files, wantedBy } = tree.files();
  const read = await runReaders(files, wantedBy, opts.readers, "image", tree.packages());
  return { packages: read.packages, os: read.os, problems: [...problems, ...read.problems] };
}

async function layerContent(
  source: ImageSource,
  image: ResolvedImage,
  index: number,
  opts: InventoryOptions,
): Promise<LayerContent> {
  const ref = image.layers[index]!;
  const key = `${ref.diffId}|${opts.readersVersion ?? "0"}`;
  const cached = await opts.cache?.get(key);
  if (cached) {
    opts.progress?.layer(index, image.layers.length, ref.diffId, true);
    return cached;
  }
  opts.progress?.layer(index, image.layers.length, ref.diffId, false);
  const label = `layer ${index + 1} (${ref.digest ?? ref.diffId})`;
  let read: LayerContent & { computedDiffId: string };
  try {
    const stream = await source.openLayer(index);
    read = await readLayer(stream, {
      readers: opts.readers,
      limits: opts.limits ?? DEFAULT_LIMITS,
      label,
      onBytes: (n) => opts.progress?.bytes(n),
      ...(opts.spillDir ? { spillDir: opts.spillDir } : {}),
    });
  } catch (err) {
    return {
      diffId: ref.diffId,
      files: [],
      packages: {},
      wantedBy: {},
      whiteouts: [],
      entries: 0,
      problems: [{ path: label, reason: (err as Error).message, layer: ref.diffId }],
      truncated: true,
    };
  }
  const { computedDiffId, ...content } = read;
  content.diffId = ref.diffId;
  for (const p of content.problems) p.layer = ref.diffId;
  if (!content.truncated && computedDiffId !== ref.diffId) {
    content.problems.push({
      path: label,
      reason: `uncompressed content has digest ${computedDiffId}, but the config says diff_id ${ref.diffId}`,
      layer: ref.diffId,
    });
  }
  // Only complete, verified layers are cached.
  if (content.problems.length === 0) await opts.cache?.put(key, content);
  return content;
}

/**
 * Runs the readers over their files: the OS first (its facts go to the others), then the
 * package managers. Language packages whose files an OS package manager installed are marked
 * osOwned, so they are matched through the OS record only.
 */
export async function runReaders(
  files: Map<string, ImageFile>,
  wantedBy: Map<string, string[]>,
  readers: readonly CatalogReader[],
  source: "image" | "dir",
  /** Packages per-file readers found already (image scans read those as layers stream by). */
  alreadyRead: Package[] = [],
): Promise<{ packages: Package[]; os: OsInfo | null; problems: Problem[] }> {
  const byReader = new Map<string, ImageFile[]>();
  for (const [path, ids] of wantedBy) {
    const file = files.get(path)!;
    for (const id of ids) {
      const list = byReader.get(id) ?? [];
      list.push(file);
      byReader.set(id, list);
    }
  }
  const ctx: ReadContext = { os: null, source };
  const problems: Problem[] = [];
  const packages: Package[] = [...alreadyRead];
  const owned: ReadonlySet<string>[] = [];
  const ordered = [...readers].sort((a, b) => rank(a) - rank(b));
  for (const reader of ordered) {
    if (!reader.meta.sources.includes(source)) continue;
    const input = (byReader.get(reader.meta.id) ?? []).sort((a, b) => (a.path < b.path ? -1 : 1));
    if (input.length === 0) continue;
    let result: Awaited<ReturnType<CatalogReader["read"]>>;
    try {
      result = await reader.read(input, ctx);
    } catch (err) {
      // Readers report problems rather than throw; one that throws anyway loses only its own part.
      problems.push({
        path: input[0]!.path,
        reason: `${reader.meta.id} reader failed: ${(err as Error).message}`,
      });
      continue;
    }
    if (result.os) ctx.os = result.os;
    // Each OS reader's set is kept as it is (no copy of 100,000 paths).
    if (result.ownedFiles && result.ownedFiles.size > 0) owned.push(result.ownedFiles);
    const layerOf = new Map(input.map((f) => [f.path, f.layer]));
    for (const pkg of result.packages) {
      const base = pkg.path.split(":")[0]!;
      packages.push({ ...pkg, layer: pkg.layer ?? layerOf.get(base) ?? null });
    }
    problems.push(...result.problems);
  }
  for (const pkg of packages) {
    if (isOsType(pkg.type)) continue;
    if (ownedByOs(pkg.path, owned)) pkg.osOwned = true;
  }
  packages.sort(comparePackages);
  return { packages, os: ctx.os, problems };
}

function rank(r: CatalogReader): number {
  if (r.meta.id === "os-release") return 0;
  return r.meta.kind === "os" ? 1 : 2;
}

function isOsType(type: Package["type"]): boolean {
  return type === "deb" || type === "apk" || type === "rpm";
}

/** A language package is OS-owned when its manifest file, or its directory's files, were installed by the OS. */
function ownedByOs(path: string, owned: readonly ReadonlySet<string>[]): boolean {
  if (owned.length === 0) return false;
  const dir = path.slice(0, path.lastIndexOf("/"));
  return owned.some((set) => set.has(path) || set.has(dir));
}
