import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";
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
const URL64 = B62 + "_-";
type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [];
for (const [id, prefix] of [
  ["planetscale-service-token", "pscale_tkn_"],
  ["planetscale-password", "pscale_pw_"],
  ["planetscale-oauth-token", "pscale_oauth_"],
] as const) {
  cases.push(
    [id, `PLANETSCALE_SECRET=${prefix}${rand(URL64, 43)}`, true, ".env line"],
    [
      id,
      `DATABASE_URL="mysql://u:${prefix}${rand(URL64, 43)}@aws.connect.psdb.cloud/db?sslaccept=strict"`,
      true,
      "in a URL",
    ],
    [id, `${prefix}${rand(URL64, 20)}`, false, "too short"],
    [id, `${prefix}${"x".repeat(43)}`, false, "placeholder"],
  );
}

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every planetscale rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
