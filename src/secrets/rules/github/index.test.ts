import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";
import { crc32 } from "node:zlib";
import { ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

// Fake secrets are made at test time, so that no real-looking key sits in the source; a draw
// that happens to read as a placeholder (`…fake…`, `${`) is drawn again.
const rand = (alphabet: string, n: number): string => {
  for (;;) {
    const s = Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join("");
    if (!isPlaceholder(s)) return s;
  }
};
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function base62(value: number, width: number): string {
  let out = "";
  for (let v = value, i = 0; i < width; i++, v = Math.floor(v / 62)) out = B62[v % 62] + out;
  return out;
}
/** A well-formed classic token: 30 random base62 and the base62 CRC-32 of them. */
const gh = (prefix: string) => {
  const body = rand(B62, 30);
  return prefix + body + base62(crc32(body), 6);
};
/** The same shape with the checksum's last character changed. */
const badChecksum = (prefix: string) => {
  const t = gh(prefix);
  const last = t.at(-1) === "a" ? "b" : "a";
  return t.slice(0, -1) + last;
};
const fineGrained = () => `github_pat_${rand(B62, 22)}_${rand(B62, 59)}`;

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [];
for (const [id, prefix] of [
  ["github-pat", "ghp_"],
  ["github-oauth-token", "gho_"],
  ["github-user-to-server-token", "ghu_"],
  ["github-server-to-server-token", "ghs_"],
  ["github-refresh-token", "ghr_"],
] as const) {
  cases.push(
    [id, `GITHUB_TOKEN=${gh(prefix)}`, true, ".env line"],
    [id, `//npm.pkg.github.com/:_authToken=${gh(prefix)}`, true, ".npmrc"],
    [id, `      token: "${gh(prefix)}"`, true, "YAML"],
    [id, `GITHUB_TOKEN=${badChecksum(prefix)}`, false, "a wrong checksum"],
    [id, `GITHUB_TOKEN=${prefix}${rand(B62, 36)}`, false, "random look-alike (checksum fails)"],
    [id, `GITHUB_TOKEN=${prefix}${"x".repeat(36)}`, false, "placeholder"],
    [id, `GITHUB_TOKEN=${gh(prefix)}0`, false, "too long"],
  );
}
cases.push(
  ["github-fine-grained-pat", `GH_TOKEN=${fineGrained()}`, true, ".env line"],
  [
    "github-fine-grained-pat",
    `git clone https://x-access-token:${fineGrained()}@github.com/o/r.git`,
    true,
    "in a URL",
  ],
  ["github-fine-grained-pat", `github_pat_${rand(B62, 22)}_${rand(B62, 40)}`, false, "too short"],
  [
    "github-fine-grained-pat",
    `github_pat_${"0".repeat(22)}_${"0".repeat(59)}`,
    false,
    "no entropy",
  ],
);

test("the checksum of a well-known shape is base62 of CRC-32, zero-padded to 6", () => {
  assert.equal(base62(0, 6), "000000");
  assert.equal(base62(61, 6), "00000z");
  assert.equal(base62(62, 6), "000010");
});

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every github rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
