import type { ManifestRecord } from "../../registry/ports.ts";

/**
 * Manifest reads are the hottest path of a registry (every pull, every deploy asks for a tag).
 * Manifest content is immutable per digest, but existence and tags change, so the cache is
 * cleared on every change: writes through this process clear it, and a change committed by
 * another process (`drydock gc`) is seen through SQLite's data_version within 50 ms.
 * A read fills the cache only if no clear happened while it ran (the epoch check), so a read
 * racing a write never stores what the write replaced.
 */
export class ManifestCache {
  private tags = new Map<string, string>();
  private manifests = new Map<string, ManifestRecord>();
  private bytes = 0;
  private epoch = 0;
  private seenVersion = Number.NaN;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly externalVersion: () => number,
    private readonly maxBytes = 32 * 1024 * 1024,
    private readonly maxEntryBytes = 256 * 1024,
    /** How often to ask for changes made elsewhere; asking costs as much as a cached read. */
    private readonly checkEveryMs = 50,
  ) {}

  /** The current epoch, after checking for changes made elsewhere. Pass it back to `put*`. */
  begin(): number {
    const now = performance.now();
    if (now - this.checkedAt < this.checkEveryMs) return this.epoch;
    this.checkedAt = now;
    const version = this.externalVersion();
    if (version !== this.seenVersion) {
      this.clear();
      this.seenVersion = version;
    }
    return this.epoch;
  }

  tag(repository: string, tag: string): string | undefined {
    return this.tags.get(`${repository}:${tag}`);
  }

  manifest(repository: string, digest: string): ManifestRecord | undefined {
    return this.manifests.get(`${repository}@${digest}`);
  }

  putTag(epoch: number, repository: string, tag: string, digest: string): void {
    if (epoch !== this.epoch) return;
    if (this.tags.size >= 100_000) this.tags.clear();
    this.tags.set(`${repository}:${tag}`, digest);
  }

  putManifest(epoch: number, record: ManifestRecord): void {
    if (epoch !== this.epoch || record.content.length > this.maxEntryBytes) return;
    const key = `${record.repository}@${record.digest}`;
    if (this.manifests.has(key)) return;
    this.manifests.set(key, record);
    this.bytes += record.content.length;
    // Evict the oldest entries (Map keeps insertion order) until under budget.
    for (const [k, v] of this.manifests) {
      if (this.bytes <= this.maxBytes) break;
      this.manifests.delete(k);
      this.bytes -= v.content.length;
    }
  }

  clear(): void {
    this.epoch++;
    this.tags.clear();
    this.manifests.clear();
    this.bytes = 0;
  }
}
