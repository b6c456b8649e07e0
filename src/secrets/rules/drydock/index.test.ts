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
/** What src/identity/secrets.ts newSecret() makes. */
const dd = (kind: string) => {
  const body = rand(B62, 43);
  return `${kind}_${body}${base62(crc32(body), 6)}`;
};
const corrupt = (s: string) => s.slice(0, 10) + (s[10] === "A" ? "B" : "A") + s.slice(11);

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [];
for (const [id, kind] of [
  ["drydock-robot-secret", "ddr"],
  ["drydock-personal-access-token", "ddp"],
  ["drydock-refresh-token", "ddt"],
] as const) {
  cases.push(
    [id, `DRYDOCK_REGISTRY_PASSWORD=${dd(kind)}`, true, ".env line"],
    [id, `{"auths": {"registry.example": {"password": "${dd(kind)}"}}}`, true, "docker config"],
    [id, `DRYDOCK_TOKEN=${corrupt(dd(kind))}`, false, "a changed character (checksum fails)"],
    [id, `DRYDOCK_TOKEN=${kind}_${"TESTsecret".repeat(4)}123abcXYZ`, false, "a test stub"],
    [id, `DRYDOCK_TOKEN=${dd(kind)}0`, false, "too long"],
  );
}

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every drydock rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
