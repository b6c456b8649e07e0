import type { LayerCache } from "../scanner/inventory.ts";
import { FsLayerCache } from "../storage/scan-cache/fs-layer-cache.ts";

/** The scanner's storage, wired here like the registry's: the per-layer result cache. */
export function layerCache(dir: string): LayerCache {
  return new FsLayerCache(dir);
}
