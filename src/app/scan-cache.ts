import type { LayerCache } from "../scanner/inventory.ts";
import { FsLayerCache, type FsLayerCacheOptions } from "../storage/scan-cache/fs-layer-cache.ts";

/**
 * The scanner's storage, wired here like the registry's: the layer and image result cache.
 * Apart from the vulnerability database (app/scan.ts), so a scan that only lists packages does
 * not load the SQLite addon.
 */
export function layerCache(dir: string, opts: FsLayerCacheOptions = {}): LayerCache {
  return new FsLayerCache(dir, opts);
}
