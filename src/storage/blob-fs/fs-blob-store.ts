import { createReadStream } from "node:fs";
import { open, readdir, rename, rm, stat, truncate, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { makeDirs } from "../../core/files.ts";
import type { BlobStore } from "../../registry/ports.ts";

const READ_CHUNK = 1024 * 1024;
const WRITE_BATCH = 1024 * 1024;
const SYNC_EVERY = 8 * 1024 * 1024;

/**
 * Content-addressed blobs on a local filesystem:
 *   <root>/blobs/<algorithm>/<first two hex>/<hex>   committed, immutable blobs
 *   <root>/uploads/<id>                              uploads in progress
 * Both live on one filesystem, so committing is a rename: a reader sees the whole blob or none.
 * Data is fsynced before a write is acknowledged, and directories after a rename.
 */
export class FsBlobStore implements BlobStore {
  private readonly blobsDir: string;
  private readonly uploadsDir: string;

  constructor(root: string) {
    this.blobsDir = join(root, "blobs");
    this.uploadsDir = join(root, "uploads");
  }

  async init(): Promise<void> {
    await makeDirs(this.blobsDir);
    await makeDirs(this.uploadsDir);
  }

  private uploadPath(id: string): string {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) throw new Error(`invalid upload id ${id}`);
    return join(this.uploadsDir, id);
  }

  private blobPath(digest: string): string {
    const [algorithm, hex] = digest.split(":") as [string, string];
    return join(this.blobsDir, algorithm, hex.slice(0, 2), hex);
  }

  async createUpload(id: string): Promise<void> {
    const fh = await open(this.uploadPath(id), "wx", 0o600);
    await fh.close();
  }

  async appendUpload(id: string, offset: number, source: Readable): Promise<number> {
    const fh = await open(this.uploadPath(id), "r+");
    let position = offset;
    // Network chunks are small (~64 KiB); gather them into ~1 MiB writes.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    // Flush to disk in the background as data arrives, so the final fsync has little left to do.
    let syncing: Promise<void> = Promise.resolve();
    let unsynced = 0;
    const flush = async () => {
      let buffers = pending;
      let left = pendingBytes;
      pending = [];
      pendingBytes = 0;
      while (left > 0) {
        const { bytesWritten } = await fh.writev(buffers, position);
        position += bytesWritten;
        left -= bytesWritten;
        unsynced += bytesWritten;
        if (left > 0) buffers = [Buffer.concat(buffers).subarray(bytesWritten)];
      }
      if (unsynced >= SYNC_EVERY) {
        unsynced = 0;
        const previous = syncing;
        syncing = previous.then(() => fh.datasync());
      }
    };
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= WRITE_BATCH) await flush();
      }
      await flush();
      await syncing;
      await fh.sync();
      return position - offset;
    } catch (err) {
      await syncing.catch(() => {});
      await fh.truncate(offset).catch(() => {});
      throw err;
    } finally {
      await fh.close();
    }
  }

  async uploadSize(id: string): Promise<number | null> {
    try {
      return (await stat(this.uploadPath(id))).size;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async truncateUpload(id: string, length: number): Promise<void> {
    await truncate(this.uploadPath(id), length);
  }

  readUpload(id: string): Readable {
    return createReadStream(this.uploadPath(id), { highWaterMark: READ_CHUNK });
  }

  async commitUpload(id: string, digest: string): Promise<void> {
    const target = this.blobPath(digest);
    const dir = dirname(target);
    await makeDirs(dir);
    await rename(this.uploadPath(id), target);
    await syncDir(dir);
  }

  async deleteUpload(id: string): Promise<void> {
    await rm(this.uploadPath(id), { force: true });
  }

  async listUploads(): Promise<string[]> {
    return (await readdir(this.uploadsDir)).filter((n) => /^[A-Za-z0-9_-]{8,64}$/.test(n));
  }

  async stat(digest: string): Promise<number | null> {
    try {
      return (await stat(this.blobPath(digest))).size;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async open(digest: string, range?: { start: number; end: number }): Promise<Readable> {
    const path = this.blobPath(digest);
    // Open first so a missing file is an error here, not in the middle of a response.
    const fh = await open(path, "r");
    return createReadStream("", {
      fd: fh,
      highWaterMark: READ_CHUNK,
      ...(range ? { start: range.start, end: range.end } : {}),
    });
  }

  async delete(digest: string): Promise<void> {
    try {
      await unlink(this.blobPath(digest));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async *list(): AsyncIterable<string> {
    for (const algorithm of await readdirSafe(this.blobsDir)) {
      for (const shard of await readdirSafe(join(this.blobsDir, algorithm))) {
        for (const hex of await readdirSafe(join(this.blobsDir, algorithm, shard))) {
          yield `${algorithm}:${hex}`;
        }
      }
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function readdirSafe(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === "ENOENT";
}
