import type { Readable } from "node:stream";
import type { Clock } from "../core/clock.ts";
import { requireDigest } from "../core/digest.ts";
import { DrydockError } from "../core/errors.ts";
import type { RegistryEvents } from "./events.ts";
import type { BlobStore, RegistryMetadata } from "./ports.ts";

export interface BlobInfo {
  digest: string;
  size: number;
}

/** An inclusive byte range, already checked against the blob's size. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reading, mounting and deleting blobs. A blob is visible in a repository only through a
 * link made when it was pushed or mounted there: a digest alone opens nothing.
 */
export class Blobs {
  constructor(
    private readonly meta: RegistryMetadata,
    private readonly store: BlobStore,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
    private readonly settings: {
      /** HEAD refreshes a link older than this (ms) so GC cannot take a blob a client just checked. */
      touchAfterMs: number;
      allowDelete: boolean;
    },
  ) {}

  /** HEAD: size and digest of a blob visible in `repository`. */
  async stat(repository: string, digestText: string): Promise<BlobInfo> {
    const digest = requireDigest(digestText).value;
    const link = await this.meta.blobLink(repository, digest);
    if (!link) throw await this.unknown(repository, digest);
    const now = this.clock.now().getTime();
    if (now - link.linkedAt > this.settings.touchAfterMs)
      await this.meta.touchLink(repository, digest, now);
    return { digest, size: link.size };
  }

  /** GET, whole or the range `rangeFor` picks once the size is known. */
  async open(
    repository: string,
    digestText: string,
    rangeFor: (size: number) => ByteRange | null,
  ): Promise<BlobInfo & { body: Readable; range: ByteRange | null }> {
    const digest = requireDigest(digestText).value;
    const link = await this.meta.blobLink(repository, digest);
    if (!link) throw await this.unknown(repository, digest);
    const range = rangeFor(link.size);
    try {
      const body = await this.store.open(digest, range ?? undefined);
      return { digest, size: link.size, body, range };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      // A record without bytes is a broken store; say which blob, and do not claim it exists.
      throw new DrydockError(
        "BLOB_UNKNOWN",
        `blob ${digest} is recorded but its content is missing`,
      );
    }
  }

  /** Cross-repository mount: true when the blob was linked in `from` and is now in `repository`. */
  async mount(repository: string, from: string, digestText: string): Promise<boolean> {
    const digest = requireDigest(digestText, "mount digest").value;
    if (!(await this.meta.blobLink(from, digest))) return false;
    if (!(await this.meta.linkBlob(repository, digest, this.clock.now().getTime()))) return false;
    this.events.emit({ type: "blob.mounted", repository, from, digest });
    return true;
  }

  /** Removes the blob from the repository; garbage collection reclaims the bytes. */
  async delete(repository: string, digestText: string): Promise<void> {
    if (!this.settings.allowDelete) throw deletesDisabled();
    const digest = requireDigest(digestText).value;
    if (!(await this.meta.unlinkBlob(repository, digest)))
      throw await this.unknown(repository, digest);
    this.events.emit({ type: "blob.deleted", repository, digest });
  }

  private async unknown(repository: string, digest: string): Promise<DrydockError> {
    if (!(await this.meta.repositoryExists(repository))) {
      return new DrydockError("NAME_UNKNOWN", `repository ${repository} is not known`);
    }
    return new DrydockError("BLOB_UNKNOWN", `blob ${digest} is not in ${repository}`);
  }
}

/**
 * Parses an HTTP Range header against a blob size (RFC 9110 14.1.2; one range only).
 * Returns null when there is no header; throws 416 (SIZE_INVALID) when it cannot be met.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | null {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  const unsatisfiable = () =>
    new DrydockError(
      "SIZE_INVALID",
      `range "${header.slice(0, 80)}" cannot be served from ${size} bytes`,
      {
        status: 416,
        headers: { "Content-Range": `bytes */${size}` },
      },
    );
  if (!m || (m[1] === "" && m[2] === "")) throw unsatisfiable();
  let start: number;
  let end: number;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) throw unsatisfiable();
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || start >= size) {
    throw unsatisfiable();
  }
  return { start, end };
}

export function deletesDisabled(): DrydockError {
  return new DrydockError(
    "UNSUPPORTED",
    "deletes are disabled on this registry (registry.allowDelete)",
  );
}
