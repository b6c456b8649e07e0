import type { Clock } from "../core/clock.ts";
import type { IdGen } from "../core/ids.ts";
import type { Logger } from "../core/logger.ts";
import { Blobs } from "./blobs.ts";
import { RegistryEvents } from "./events.ts";
import { GarbageCollector } from "./gc.ts";
import { Manifests } from "./manifests.ts";
import type { BlobStore, Page, RegistryMetadata } from "./ports.ts";
import { Uploads } from "./uploads.ts";

export interface RegistrySettings {
  maxManifestBytes: number;
  uploadExpiryMs: number;
  gcGraceMs: number;
  gcUntagged: boolean;
  /** When false, DELETE of blobs, manifests and tags answers UNSUPPORTED. */
  allowDelete: boolean;
}

export interface RegistryDeps {
  store: BlobStore;
  meta: RegistryMetadata;
  clock: Clock;
  ids: IdGen;
  log: Logger;
}

/** The registry part: one object the edges (HTTP, CLI, jobs) talk to. */
export class Registry {
  readonly events = new RegistryEvents();
  readonly uploads: Uploads;
  readonly blobs: Blobs;
  readonly manifests: Manifests;
  readonly gc: GarbageCollector;
  private readonly meta: RegistryMetadata;
  private readonly log: Logger;

  constructor(deps: RegistryDeps, settings: RegistrySettings) {
    this.meta = deps.meta;
    this.log = deps.log;
    this.uploads = new Uploads(deps.store, deps.meta, this.events, deps.clock, deps.ids, deps.log);
    this.blobs = new Blobs(deps.meta, deps.store, this.events, deps.clock, {
      touchAfterMs: Math.max(1000, settings.gcGraceMs / 4),
      allowDelete: settings.allowDelete,
    });
    this.manifests = new Manifests(deps.meta, this.events, deps.clock, {
      maxBytes: settings.maxManifestBytes,
      allowDelete: settings.allowDelete,
    });
    this.gc = new GarbageCollector(
      deps.store,
      deps.meta,
      this.uploads,
      this.events,
      deps.clock,
      deps.log,
      {
        graceMs: settings.gcGraceMs,
        uploadExpiryMs: settings.uploadExpiryMs,
        untagged: settings.gcUntagged,
      },
    );
  }

  /** Cleans what a crash left behind. Call once before serving. */
  async recover(): Promise<void> {
    const { removedFiles } = await this.uploads.recover();
    if (removedFiles > 0) this.log.info("removed unfinished uploads", { files: removedFiles });
  }

  /**
   * A page of repository names; with `visible`, only those it accepts (pages are read until
   * `limit` visible names are found or the list ends).
   */
  async catalog(
    limit: number,
    last: string | null,
    visible?: (name: string) => Promise<boolean>,
  ): Promise<Page<string>> {
    if (!visible) return this.meta.listRepositories(limit, last);
    const items: string[] = [];
    let cursor = last;
    for (;;) {
      const page = await this.meta.listRepositories(Math.max(limit, 500), cursor);
      for (const name of page.items) {
        if (!(await visible(name))) continue;
        if (items.length === limit) return { items, more: true };
        items.push(name);
      }
      if (!page.more || page.items.length === 0) return { items, more: false };
      cursor = page.items.at(-1)!;
    }
  }
}
