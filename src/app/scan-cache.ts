import type { LayerCache } from "../scanner/inventory.ts";
import {
  type CleanResult,
  FsLayerCache,
  type FsLayerCacheOptions,
} from "../storage/scan-cache/fs-layer-cache.ts";

/**
 * The scanner's storage, wired here like the registry's: the layer and image result cache.
 * Apart from the vulnerability database (app/scan.ts), so a scan that only lists packages does
 * not load the SQLite addon.
 */
export function layerCache(dir: string, opts: FsLayerCacheOptions = {}): LayerCache {
  return new FsLayerCache(dir, opts);
}

/** `drydock scan clean-cache`: removes the cache's entries (with `olderThanMs`, the older ones). */
export function cleanScanCache(dir: string, olderThanMs?: number): Promise<CleanResult> {
  return new FsLayerCache(dir).clean(olderThanMs === undefined ? {} : { olderThanMs });
}
