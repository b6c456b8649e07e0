import { hash, verify } from "@node-rs/argon2";

/**
 * Passwords are stored with argon2id (RFC 9106; OWASP's minimum: 19 MiB, 2 passes, 1 lane).
 * An unknown account is checked against a dummy hash so that its answer takes as long as a
 * wrong password's, and user names cannot be probed by timing.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const MAX_PASSWORD_BYTES = 1024;
let dummy: Promise<string> | null = null;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { ...OPTIONS, algorithm: 2 });
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return false;
  if (stored === null) {
    dummy ??= hashPassword("drydock dummy password for timing");
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A password policy people can meet: long enough, not absurdly long. */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return "a password needs at least 12 characters";
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return "a password is at most 1024 bytes";
  return null;
}
