import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * Credentials drydock hands out: a kind prefix, 256 random bits and a CRC-32 checksum, all
 * in base62 (`ddr_` robot secrets, `ddp_` personal access tokens, `ddt_` refresh tokens).
 * The prefix lets secret scanners find them and the checksum lets them drop look-alikes
 * offline, the way GitHub's tokens work. Being 256-bit random, they are stored as SHA-256
 * hashes: a slow hash adds nothing against guessing and would slow every pull.
 */
export type SecretKind = "ddr" | "ddp" | "ddt";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LENGTH = 43; // ceil(256 / log2(62))
const CHECK_LENGTH = 6; // 62^6 > 2^32

function base62(value: bigint, width: number): string {
  let out = "";
  let v = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[Number(v % 62n)]! + out;
    v /= 62n;
  }
  return out;
}

export function newSecret(kind: SecretKind): string {
  const body = base62(BigInt(`0x${randomBytes(32).toString("hex")}`), BODY_LENGTH);
  return `${kind}_${body}${base62(BigInt(crc32(body)), CHECK_LENGTH)}`;
}

/** The secret's kind when it has our shape and a valid checksum; null for anything else. */
export function secretKind(candidate: string): SecretKind | null {
  const m = /^(ddr|ddp|ddt)_([0-9A-Za-z]{43})([0-9A-Za-z]{6})$/.exec(candidate);
  if (!m) return null;
  return base62(BigInt(crc32(m[2]!)), CHECK_LENGTH) === m[3] ? (m[1] as SecretKind) : null;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A random password people can type: 24 base62 characters (~143 bits). */
export function newPassword(): string {
  return base62(BigInt(`0x${randomBytes(24).toString("hex")}`), 24);
}
