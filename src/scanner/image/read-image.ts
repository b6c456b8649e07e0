import { availableParallelism } from "node:os";
import type { CatalogReader, Problem } from "../catalog/types.ts";
import type { ImageResult, InventoryOptions } from "../inventory.ts";
import { runReaders } from "../run-readers.ts";
import { FinalTree } from "./final-tree.ts";
import { DEFAULT_LIMITS, type LayerContent, readLayer } from "./layer-reader.ts";
import type { ImageSource, ResolvedImage } from "./source.ts";

export type ReadImageOptions = Omit<InventoryOptions, "readers"> & {
  readers: readonly CatalogReader[];
};

/**
 * Reads an image's layers: streamed several at a time, each on its own (and from the layer
 * cache when another image brought it already), then merged bottom to top with whiteouts
 * applied exactly, each wanted file kept in its final version with the layer that brought it;
 * then every reader reads its files. Broken parts become problems; the rest is still scanned.
 */
export async function readImage(
  source: ImageSource,
  image: ResolvedImage,
  opts: ReadImageOptions,
): Promise<ImageResult & { problems: Problem[] }> {
  const concurrency = Math.max(1, opts.concurrency ?? Math.min(availableParallelism(), 4));
  const contents: LayerContent[] = new Array(image.layers.length);
  // Cache writes go on while the next layer is read; the scan waits for them at the end.
  const writes: Promise<void>[] = [];
  let next = 0;
  const work = async () => {
    while (next < image.layers.length) {
      const i = next++;
      contents[i] = await layerContent(source, image, i, opts, writes);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, image.layers.length) }, work));
  await Promise.all(writes);
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
  opts: ReadImageOptions,
  writes: Promise<void>[],
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
  if (content.problems.length === 0 && opts.cache) {
    const write = opts.cache.put(key, content);
    write.catch(() => {}); // handled where readImage awaits `writes`
    writes.push(write);
  }
  return content;
}
