import { resolve } from "node:path";
import { type Clock, systemClock } from "../core/clock.ts";
import { randomIds } from "../core/ids.ts";
import type { Logger } from "../core/logger.ts";
import { Registry } from "../registry/registry.ts";
import { FsBlobStore } from "../storage/blob-fs/fs-blob-store.ts";
import { openSqlite } from "../storage/db/open.ts";
import { SqlRegistryMetadata } from "../storage/db/registry-metadata.ts";
import type { Config } from "./config.ts";

/** Storage -> registry, from config. Used by `serve` and by commands that work on the data directly. */
export async function openRegistry(config: Config, log: Logger, clock: Clock = systemClock) {
  const dataDir = resolve(config.storage.dataDir);
  const store = new FsBlobStore(dataDir);
  await store.init();
  const opened = await openSqlite(resolve(dataDir, "drydock.db"));
  const meta = new SqlRegistryMetadata(opened.db, opened.externalVersion);
  const registry = new Registry(
    { store, meta, clock, ids: randomIds, log },
    {
      maxManifestBytes: config.registry.maxManifestBytes,
      uploadExpiryMs: config.registry.uploadExpiryHours * 3_600_000,
      gcGraceMs: config.gc.graceMinutes * 60_000,
      gcUntagged: config.gc.untaggedManifests,
      allowDelete: config.registry.allowDelete,
    },
  );
  return { registry, dataDir, opened, close: () => meta.close() };
}
