import type { Readable } from "node:stream";

/**
 * The ports the registry needs. `storage/` implements them (filesystem + SQLite today;
 * S3 + PostgreSQL later) and `app/` wires them in. Nothing here knows about HTTP.
 */

/** Content-addressed bytes, plus the scratch space where uploads grow. */
export interface BlobStore {
  /** Creates an empty upload data area. */
  createUpload(id: string): Promise<void>;
  /**
   * Writes `source` at `offset` of the upload and makes it durable before resolving.
   * On failure the upload is cut back to `offset` (a chunk is all or nothing).
   * Returns the number of bytes written.
   */
  appendUpload(id: string, offset: number, source: Readable): Promise<number>;
  /** Current durable length of an upload, or null when there is none. */
  uploadSize(id: string): Promise<number | null>;
  /** Cuts an upload back to `length` bytes (used after a restart to drop an unacknowledged tail). */
  truncateUpload(id: string, length: number): Promise<void>;
  readUpload(id: string): Readable;
  /** Moves a finished upload to its content address, atomically. */
  commitUpload(id: string, digest: string): Promise<void>;
  deleteUpload(id: string): Promise<void>;
  listUploads(): Promise<string[]>;

  /** Size of a stored blob, or null. */
  stat(digest: string): Promise<number | null>;
  /** Streams a blob, or the inclusive byte range [start, end]. */
  open(digest: string, range?: { start: number; end: number }): Promise<Readable>;
  delete(digest: string): Promise<void>;
  /** Every stored digest (for the orphan sweep of garbage collection). */
  list(): AsyncIterable<string>;
}

export interface UploadRecord {
  id: string;
  repository: string;
  offset: number;
  startedAt: number;
  updatedAt: number;
}

export interface ManifestRecord {
  repository: string;
  digest: string;
  mediaType: string;
  size: number;
  content: Uint8Array;
  subject: string | null;
  artifactType: string | null;
  annotations: Record<string, string> | null;
  createdAt: number;
}

export interface NewManifest extends Omit<ManifestRecord, "createdAt"> {
  blobs: string[];
  manifests: string[];
  tag: string | null;
}

export interface ReferrerRecord {
  digest: string;
  mediaType: string;
  size: number;
  artifactType: string | null;
  annotations: Record<string, string> | null;
}

export interface Page<T> {
  items: T[];
  /** True when more items follow the last one returned. */
  more: boolean;
}

export interface GcOptions {
  /** Links, blobs and untagged manifests younger than this (ms since epoch) are kept. */
  cutoff: number;
  /** Upload sessions idle since before this are expired. */
  uploadCutoff: number;
  /** Whether untagged manifests that nothing else keeps are collected. */
  untagged: boolean;
  /** Compute what would go, change nothing. */
  dryRun: boolean;
  /** Digests present in the blob store (to find files without a record). */
  stored: Iterable<string>;
  /** Deletes a blob's bytes; called after the records' removal is committed, under the write lock. */
  erase: (digest: string) => Promise<void>;
}

export interface GcResult {
  manifests: { repository: string; digest: string }[];
  links: { repository: string; digest: string }[];
  blobs: { digest: string; size: number | null }[];
  uploads: string[];
}

/** Registry metadata: repositories, links, manifests, tags, referrers, upload sessions. */
export interface RegistryMetadata {
  listRepositories(limit: number, last: string | null): Promise<Page<string>>;
  repositoryExists(repository: string): Promise<boolean>;

  /**
   * Records a verified blob and links it to `repository`. `place` moves the bytes to their
   * content address; it runs while the metadata holds its write lock, so garbage collection
   * can never remove the blob between placement and link.
   */
  commitBlob(
    repository: string,
    digest: string,
    size: number,
    now: number,
    place: () => Promise<void>,
  ): Promise<void>;
  /** Links an existing blob into a repository (cross-repository mount). */
  linkBlob(repository: string, digest: string, now: number): Promise<boolean>;
  /** Size of a blob linked in `repository`, or null when it is not visible there. */
  blobLink(repository: string, digest: string): Promise<{ size: number; linkedAt: number } | null>;
  /** Refreshes a link's time so GC treats a blob a client just checked as recently linked. */
  touchLink(repository: string, digest: string, now: number): Promise<void>;
  unlinkBlob(repository: string, digest: string): Promise<boolean>;

  createUpload(record: UploadRecord): Promise<void>;
  getUpload(id: string): Promise<UploadRecord | null>;
  setUploadOffset(id: string, offset: number, now: number): Promise<void>;
  deleteUpload(id: string): Promise<void>;

  /**
   * Stores a manifest after checking, in the same transaction, that every referenced blob is
   * linked and every referenced manifest exists in the repository. Returns the missing digests
   * (and stores nothing) when some are missing.
   */
  putManifest(manifest: NewManifest, now: number): Promise<{ missing: string[] }>;
  getManifest(repository: string, digest: string): Promise<ManifestRecord | null>;
  /** Manifest metadata without its content (HEAD). */
  statManifest(repository: string, digest: string): Promise<Omit<ManifestRecord, "content"> | null>;
  resolveTag(repository: string, tag: string): Promise<string | null>;
  deleteManifest(repository: string, digest: string): Promise<boolean>;
  deleteTag(repository: string, tag: string): Promise<boolean>;
  listTags(repository: string, limit: number, last: string | null): Promise<Page<string>>;
  listReferrers(
    repository: string,
    subject: string,
    artifactType: string | null,
  ): Promise<ReferrerRecord[]>;

  /**
   * One garbage collection pass, in one write transaction so that no push interleaves with a
   * decision: untagged manifests (when asked), then links no manifest references, then blobs
   * nothing links, then orphan files, then expired upload sessions.
   */
  collectGarbage(opts: GcOptions): Promise<GcResult>;
  close(): Promise<void>;
}
