import type { Hash } from "node:crypto";
import { type Readable, Transform } from "node:stream";
import type { Clock } from "../core/clock.ts";
import { createDigester, type Digest, requireDigest } from "../core/digest.ts";
import { DrydockError } from "../core/errors.ts";
import type { IdGen } from "../core/ids.ts";
import type { Logger } from "../core/logger.ts";
import type { RegistryEvents } from "./events.ts";
import type { BlobStore, RegistryMetadata, UploadRecord } from "./ports.ts";

export interface UploadState {
  id: string;
  repository: string;
  /** Bytes received and made durable so far. */
  offset: number;
}

export interface ChunkRange {
  start: number;
  end: number;
}

/** A running sha256 over what a session holds; rebuilt from disk after a restart. */
interface LiveSession {
  hash: Hash;
  offset: number;
}

/**
 * Blob upload sessions (distribution spec: "Pushing blobs"): monolithic POST, chunked
 * PATCH with Content-Range, closing PUT with the digest. Bytes are hashed as they stream
 * to the blob store; a chunk is all or nothing; the digest is verified before the blob
 * becomes visible. Session state is in the metadata store, so sessions survive a restart.
 */
export class Uploads {
  private readonly live = new Map<string, LiveSession>();
  /** The tail of each session's queue: requests on one session run one after another. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: BlobStore,
    private readonly meta: RegistryMetadata,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
    private readonly ids: IdGen,
    private readonly log: Logger,
  ) {}

  /** Drops upload files that have no session (unfinished monolithic pushes) and vice versa. */
  async recover(): Promise<{ removedFiles: number }> {
    let removedFiles = 0;
    for (const id of await this.store.listUploads()) {
      if (!(await this.meta.getUpload(id))) {
        await this.store.deleteUpload(id);
        removedFiles++;
      }
    }
    return { removedFiles };
  }

  async start(repository: string): Promise<UploadState> {
    const id = this.ids.next();
    const now = this.clock.now().getTime();
    await this.store.createUpload(id);
    await this.meta.createUpload({ id, repository, offset: 0, startedAt: now, updatedAt: now });
    this.live.set(id, { hash: createDigester("sha256"), offset: 0 });
    return { id, repository, offset: 0 };
  }

  async status(repository: string, id: string): Promise<UploadState> {
    const record = await this.find(repository, id);
    const session = await this.session(record);
    return { id, repository, offset: session.offset };
  }

  /**
   * Appends a chunk. With `range`, the chunk must start at the current offset (else 416 with
   * the current Range) and be exactly as long as the range says.
   */
  async append(
    repository: string,
    id: string,
    body: Readable,
    range: ChunkRange | null,
  ): Promise<UploadState> {
    return this.exclusive(id, async () => {
      const record = await this.find(repository, id);
      const session = await this.session(record);
      await this.write(id, session, body, range);
      await this.meta.setUploadOffset(id, session.offset, this.clock.now().getTime());
      return { id, repository, offset: session.offset };
    });
  }

  /** Closes a session: an optional last chunk, then the digest check, then the commit. */
  async finish(
    repository: string,
    id: string,
    digestText: string | undefined,
    body: Readable | null,
    range: ChunkRange | null,
  ): Promise<{ digest: string; size: number }> {
    const digest = requireDigest(digestText, "digest query parameter");
    return this.exclusive(id, async () => {
      const record = await this.find(repository, id);
      const session = await this.session(record);
      if (body) {
        await this.write(id, session, body, range);
        await this.meta.setUploadOffset(id, session.offset, this.clock.now().getTime());
      }
      const actual =
        digest.algorithm === "sha256"
          ? `sha256:${session.hash.copy().digest("hex")}`
          : await this.hashStored(id, digest);
      if (actual !== digest.value) {
        throw new DrydockError(
          "DIGEST_INVALID",
          `uploaded content has digest ${actual}, not ${digest.value}; the session stays open`,
          { detail: { expected: digest.value, actual, size: session.offset } },
        );
      }
      await this.commit(repository, id, digest.value, session.offset);
      await this.meta.deleteUpload(id);
      this.live.delete(id);
      return { digest: digest.value, size: session.offset };
    });
  }

  /** A whole blob in one request (POST ?digest=). Nothing remains when it fails. */
  async monolithic(
    repository: string,
    digestText: string,
    body: Readable,
  ): Promise<{ digest: string; size: number }> {
    const digest = requireDigest(digestText, "digest query parameter");
    const id = this.ids.next();
    await this.store.createUpload(id);
    try {
      const hash = createDigester(digest.algorithm);
      const size = await this.store.appendUpload(id, 0, feed(body, hashing(hash, null)));
      const actual = `${digest.algorithm}:${hash.digest("hex")}`;
      if (actual !== digest.value) {
        throw new DrydockError(
          "DIGEST_INVALID",
          `uploaded content has digest ${actual}, not ${digest.value}`,
          {
            detail: { expected: digest.value, actual, size },
          },
        );
      }
      await this.commit(repository, id, digest.value, size);
      return { digest: digest.value, size };
    } catch (err) {
      await this.store.deleteUpload(id).catch(() => {});
      throw err;
    }
  }

  async cancel(repository: string, id: string): Promise<void> {
    await this.exclusive(id, async () => {
      await this.find(repository, id);
      await this.meta.deleteUpload(id);
      await this.store.deleteUpload(id);
      this.live.delete(id);
    });
  }

  /** Forgets in-memory state of sessions removed elsewhere (garbage collection). */
  forget(ids: string[]): void {
    for (const id of ids) this.live.delete(id);
  }

  private async commit(
    repository: string,
    id: string,
    digest: string,
    size: number,
  ): Promise<void> {
    const now = this.clock.now().getTime();
    await this.meta.commitBlob(repository, digest, size, now, async () => {
      if ((await this.store.stat(digest)) === size) await this.store.deleteUpload(id);
      else await this.store.commitUpload(id, digest);
    });
    this.events.emit({ type: "blob.pushed", repository, digest, size });
  }

  private async write(
    id: string,
    session: LiveSession,
    body: Readable,
    range: ChunkRange | null,
  ): Promise<void> {
    if (range && range.start !== session.offset) {
      body.resume();
      throw outOfOrder(id, session.offset, range.start);
    }
    const expected = range ? range.end - range.start + 1 : null;
    const before = session.hash.copy();
    const start = session.offset;
    let written: number;
    try {
      written = await this.store.appendUpload(
        id,
        start,
        feed(body, hashing(session.hash, expected)),
      );
    } catch (err) {
      session.hash = before;
      throw err;
    }
    if (expected !== null && written !== expected) {
      await this.store.truncateUpload(id, start);
      session.hash = before;
      throw new DrydockError(
        "SIZE_INVALID",
        `chunk has ${written} bytes but Content-Range ${range!.start}-${range!.end} announces ${expected}`,
      );
    }
    session.offset = start + written;
  }

  private async find(repository: string, id: string): Promise<UploadRecord> {
    const record = /^[A-Za-z0-9_-]{8,64}$/.test(id) ? await this.meta.getUpload(id) : null;
    if (!record || record.repository !== repository) {
      throw new DrydockError(
        "BLOB_UPLOAD_UNKNOWN",
        `upload ${id.slice(0, 64)} is unknown to ${repository}`,
      );
    }
    return record;
  }

  /** In-memory state of a session; after a restart, rebuilt from the durable bytes. */
  private async session(record: UploadRecord): Promise<LiveSession> {
    const existing = this.live.get(record.id);
    if (existing) return existing;
    const size = await this.store.uploadSize(record.id);
    if (size === null) {
      await this.meta.deleteUpload(record.id);
      throw new DrydockError(
        "BLOB_UPLOAD_UNKNOWN",
        `upload ${record.id} lost its data; start a new upload`,
      );
    }
    let offset = record.offset;
    if (size > offset) await this.store.truncateUpload(record.id, offset); // unacknowledged tail
    if (size < offset) offset = size;
    const hash = createDigester("sha256");
    let seen = 0;
    for await (const chunk of this.store.readUpload(record.id) as AsyncIterable<Buffer>) {
      const part = chunk.subarray(0, Math.max(0, offset - seen));
      hash.update(part);
      seen += part.length;
    }
    const session = { hash, offset };
    this.live.set(record.id, session);
    this.log.debug("upload session restored", { upload: record.id, offset });
    return session;
  }

  private async hashStored(id: string, digest: Digest): Promise<string> {
    const hash = createDigester(digest.algorithm);
    for await (const chunk of this.store.readUpload(id) as AsyncIterable<Buffer>)
      hash.update(chunk);
    return `${digest.algorithm}:${hash.digest("hex")}`;
  }

  /**
   * Runs requests on one session one after another: a retry that arrives while a cut-off
   * chunk is still being rolled back waits for it, then sees the true offset.
   */
  private async exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const before = this.queues.get(id) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.catch(() => {});
    this.queues.set(id, tail);
    try {
      return await run;
    } finally {
      if (this.queues.get(id) === tail) this.queues.delete(id);
    }
  }
}

function outOfOrder(id: string, offset: number, start: number): DrydockError {
  return new DrydockError(
    "BLOB_UPLOAD_INVALID",
    `chunk starts at byte ${start} but upload ${id} holds ${offset} bytes; send from byte ${offset}`,
    { status: 416, headers: { Range: rangeHeader(offset) } },
  );
}

/** The `Range` header for a session holding `offset` bytes (Distribution sends 0-0 when empty). */
export function rangeHeader(offset: number): string {
  return `0-${Math.max(0, offset - 1)}`;
}

/** Hashes bytes as they pass; fails as soon as more than `limit` bytes arrive. */
function hashing(hash: Hash, limit: number | null): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (limit !== null && seen > limit) {
        done(
          new DrydockError(
            "SIZE_INVALID",
            `chunk is longer than its Content-Range (${limit} bytes)`,
          ),
        );
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

/** Pipes a body into a transform, carrying the body's errors along (pipe alone drops them). */
function feed(body: Readable, transform: Transform): Transform {
  // The reader (the blob store) may start after an await; until then an error must wait on
  // the stream (async iteration rethrows it) instead of going unheard.
  transform.on("error", () => {});
  if (body.errored) {
    transform.destroy(body.errored);
    return transform;
  }
  body.once("error", (err) => transform.destroy(err));
  return body.pipe(transform);
}
