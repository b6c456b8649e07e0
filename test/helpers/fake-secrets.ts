import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * A GitHub classic token made at test time from `label`: `ghp_`, 30 base62 characters and the
 * base62 CRC-32 of those 30, so the shipped rule (which checks the checksum) reports it. No
 * real-looking secret is written in a test file.
 */
export function githubToken(label: string): string {
  let body = "";
  for (let i = 0; body.length < 30; i++)
    for (const b of createHash("sha256").update(`${label}:${i}`).digest())
      if (body.length < 30) body += BASE62[b % 62];
  let v = crc32(body);
  let check = "";
  for (let i = 0; i < 6; i++) {
    check = BASE62[v % 62] + check;
    v = Math.floor(v / 62);
  }
  return `${"ghp"}_${body}${check}`;
}
