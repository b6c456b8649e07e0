import { randomBytes } from "node:crypto";
import { mkdirSync, statSync } from "node:fs";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * `mkdir -p` with `mode` for the folders it makes, one level at a time. Node's own recursive
 * mkdir never returns for a path under /proc: mkdir says ENOENT there although the parent
 * exists, and Node makes the parent and tries again, forever (`--cache-dir /proc/x` hung a
 * scan at full CPU). Here a level that cannot be made once its parent exists is an error.
 */
export async function makeDirs(path: string, mode = 0o700): Promise<void> {
  try {
    await mkdir(path, { mode });
  } catch (err) {
    if (await existingDir(path, err)) return;
    const parent = dirname(path);
    if (parent === path || (err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    await makeDirs(parent, mode);
    try {
      await mkdir(path, { mode });
    } catch (again) {
      if (!(await existingDir(path, again))) throw again;
    }
  }
}

/** makeDirs, synchronously. */
export function makeDirsSync(path: string, mode = 0o700): void {
  try {
    mkdirSync(path, { mode });
  } catch (err) {
    if (existingDirSync(path, err)) return;
    const parent = dirname(path);
    if (parent === path || (err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    makeDirsSync(parent, mode);
    try {
      mkdirSync(path, { mode });
    } catch (again) {
      if (!existingDirSync(path, again)) throw again;
    }
  }
}

/** mkdir failed with `err`: true when that is because the folder is there already. */
async function existingDir(path: string, err: unknown): Promise<boolean> {
  if ((err as NodeJS.ErrnoException).code !== "EEXIST") return false;
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

function existingDirSync(path: string, err: unknown): boolean {
  if ((err as NodeJS.ErrnoException).code !== "EEXIST") return false;
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * Writes a file so that a crash leaves the old content or the new, never half: a temp file in
 * the same directory (exclusive create, `mode` whatever the umask), fsync, rename, fsync the
 * directory. The directory is created with `dirMode` when missing. For small files holding
 * secrets (credentials, delivered robot secrets); blobs have their own store.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: { mode?: number; dirMode?: number } = {},
): Promise<void> {
  const mode = opts.mode ?? 0o600;
  const dir = dirname(path);
  await makeDirs(dir, opts.dirMode ?? 0o700);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(8).toString("hex")}.tmp`);
  const fh = await open(tmp, "wx", mode);
  try {
    try {
      await fh.chmod(mode);
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  try {
    const d = await open(dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Some filesystems cannot fsync a directory; the rename itself has happened.
  }
}
