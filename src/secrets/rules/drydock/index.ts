import { crc32 } from "node:zlib";
import type { SecretRule } from "../../types.ts";

/**
 * drydock's own credentials (src/identity/secrets.ts): a kind prefix, 43 base62 characters of
 * randomness and 6 base62 characters of the CRC-32 of those 43. The same check is made here,
 * not imported: parts depend on core only.
 */
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DOCS = "https://drydock.invalid/docs/identity#credentials";

function base62(value: number, width: number): string {
  let out = "";
  let v = value;
  for (let i = 0; i < width; i++) {
    out = BASE62[v % 62]! + out;
    v = Math.floor(v / 62);
  }
  return out;
}

function drydockChecksumOk(secret: string): boolean {
  const m = /^dd[rpt]_([0-9A-Za-z]{43})([0-9A-Za-z]{6})$/.exec(secret);
  return m !== null && base62(crc32(m[1]!), 6) === m[2];
}

function kind(prefix: string, id: string, title: string): SecretRule {
  return {
    meta: { id, title, severity: "high", keywords: [prefix], docsUrl: DOCS },
    pattern: new RegExp(`\\b${prefix}[0-9A-Za-z]{49}\\b`, "g"),
    validate: drydockChecksumOk,
  };
}

export const rules: SecretRule[] = [
  kind("ddr_", "drydock-robot-secret", "drydock robot secret"),
  kind("ddp_", "drydock-personal-access-token", "drydock personal access token"),
  kind("ddt_", "drydock-refresh-token", "drydock refresh token"),
];
