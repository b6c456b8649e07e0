import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import type { RegistryEvents } from "./events.ts";
import type { BlobStore, GcResult, RegistryMetadata } from "./ports.ts";
import type { Uploads } from "./uploads.ts";

export interface GcSettings {
  /** Blobs and untagged manifests younger than this are never collected. */
  graceMs: number;
  /** Upload sessions idle for longer than this expire. */
  uploadExpiryMs: number;
  /** Collect untagged manifests that no index, tag or kept subject keeps. */
  untagged: boolean;
}

/**
 * Online garbage collection: no read-only window. Every decision is made inside one write
 * transaction of the metadata store, so a push either lands before the pass (and is seen as a
 * reference) or after it (and finds its blob gone and re-uploads it). Blobs linked, pushed or
 * checked within the grace period, and upload sessions in progress, are never touched.
 */
export class GarbageCollector {
  private running: Promise<GcResult> | null = null;

  constructor(
    private readonly store: BlobStore,
    private readonly meta: RegistryMetadata,
    private readonly uploads: Uploads,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly settings: GcSettings,
  ) {}

  /** Runs one pass; concurrent callers share the pass already running. */
  run(opts: { dryRun: boolean }): Promise<GcResult> {
    if (this.running && !opts.dryRun) return this.running;
    const pass = this.pass(opts.dryRun);
    if (!opts.dryRun) {
      this.running = pass;
      void pass
        .finally(() => {
          this.running = null;
        })
        .catch(() => {});
    }
    return pass;
  }

  private async pass(dryRun: boolean): Promise<GcResult> {
    const now = this.clock.now().getTime();
    const stored: string[] = [];
    for await (const digest of this.store.list()) stored.push(digest);
    const result = await this.meta.collectGarbage({
      cutoff: now - this.settings.graceMs,
      uploadCutoff: now - this.settings.uploadExpiryMs,
      untagged: this.settings.untagged,
      dryRun,
      stored,
      erase: (digest) => this.store.delete(digest),
    });
    if (!dryRun) {
      this.uploads.forget(result.uploads);
      for (const id of result.uploads) await this.store.deleteUpload(id);
    }
    const summary = {
      dryRun,
      manifests: result.manifests.length,
      links: result.links.length,
      blobs: result.blobs.length,
      uploads: result.uploads.length,
    };
    this.log.info("garbage collection finished", {
      ...summary,
      bytes: result.blobs.reduce((n, b) => n + (b.size ?? 0), 0),
    });
    this.events.emit({ type: "gc.completed", ...summary });
    return result;
  }
}
