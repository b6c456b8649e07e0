import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { chmod, open, readdir, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { makeDirs } from "../../core/files.ts";
import type { SigningKeyRecord, SigningKeyStore } from "../../identity/signing-keys.ts";

/** A kid doubles as a file name, so it must be a plain base64url word (no `/`, no `..`). */
const KID = /^[A-Za-z0-9_-]{1,128}$/;
const KEY_FILE = /^([A-Za-z0-9_-]{1,128})\.json$/;

/**
 * Signing keys as one `<kid>.json` file each in a private directory (0700, files 0600).
 * Writes are atomic (temp file, fsync, rename, fsync the directory), so a crash leaves the
 * old key file or the new one, never half of one. Like ssh, a key file readable by group or
 * others is refused rather than used: its private key may have leaked.
 */
export class FsKeyStore implements SigningKeyStore {
  private ready: Promise<void> | null = null;

  constructor(private readonly dir: string) {}

  async list(): Promise<SigningKeyRecord[]> {
    await this.ensureDir();
    const records: SigningKeyRecord[] = [];
    for (const name of (await readdir(this.dir)).sort()) {
      const m = KEY_FILE.exec(name);
      if (!m) continue; // temp files of an interrupted save, or anything else that is not ours
      records.push(await this.read(join(this.dir, name), m[1]!));
    }
    return records;
  }

  async save(rec: SigningKeyRecord): Promise<void> {
    checkKid(rec.kid);
    await this.ensureDir();
    const final = join(this.dir, `${rec.kid}.json`);
    const temp = join(this.dir, `.${rec.kid}.${randomBytes(6).toString("hex")}.tmp`);
    const fh = await open(temp, "wx", 0o600);
    try {
      await fh.chmod(0o600); // the umask can only narrow the mode, but be explicit
      await fh.writeFile(JSON.stringify(rec));
      await fh.sync();
      await fh.close();
      await rename(temp, final);
    } catch (err) {
      await fh.close().catch(() => {});
      await unlink(temp).catch(() => {});
      throw err;
    }
    await this.syncDir();
  }

  async remove(kid: string): Promise<void> {
    checkKid(kid);
    await this.ensureDir();
    try {
      await unlink(join(this.dir, `${kid}.json`));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    await this.syncDir();
  }

  private ensureDir(): Promise<void> {
    this.ready ??= (async () => {
      await makeDirs(this.dir);
      const st = await stat(this.dir);
      if (!st.isDirectory()) throw new Error(`signing key store ${this.dir} is not a directory`);
      if ((st.mode & 0o077) !== 0) await chmod(this.dir, 0o700);
    })().catch((err) => {
      this.ready = null; // let a later call retry
      throw err;
    });
    return this.ready;
  }

  private async read(path: string, kid: string): Promise<SigningKeyRecord> {
    // O_NOFOLLOW + fstat on the open descriptor: the mode we check is the file we read.
    const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new Error(`signing key ${path} is not a regular file`);
      if ((st.mode & 0o077) !== 0) {
        const mode = (st.mode & 0o777).toString(8).padStart(4, "0");
        throw new Error(
          `signing key ${path} is accessible by group or others (mode ${mode}); refusing to use it (chmod 600 it if the key has not leaked, or delete it)`,
        );
      }
      const rec = parseRecord(await fh.readFile("utf8"));
      if (!rec || rec.kid !== kid) throw new Error(`signing key ${path} is not a valid key record`);
      return rec;
    } finally {
      await fh.close();
    }
  }

  private async syncDir(): Promise<void> {
    const fh = await open(this.dir, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
}

function checkKid(kid: string): void {
  if (!KID.test(kid)) throw new Error(`invalid signing key id ${JSON.stringify(kid)}`);
}

function parseRecord(text: string): SigningKeyRecord | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null) return null;
  const r = v as Record<string, unknown>;
  const isJwk = (j: unknown) => typeof j === "object" && j !== null && !Array.isArray(j);
  if (typeof r.kid !== "string" || !isJwk(r.privateJwk) || !isJwk(r.publicJwk)) return null;
  if (typeof r.createdAt !== "number" || !(r.retiredAt === null || typeof r.retiredAt === "number"))
    return null;
  return {
    kid: r.kid,
    privateJwk: r.privateJwk as SigningKeyRecord["privateJwk"],
    publicJwk: r.publicJwk as SigningKeyRecord["publicJwk"],
    createdAt: r.createdAt,
    retiredAt: r.retiredAt as number | null,
  };
}
