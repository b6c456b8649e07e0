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
type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["bitbucket-app-password", `BITBUCKET_APP_PASSWORD=ATBB${rand(B62, 32)}`, true, ".env line"],
  [
    "bitbucket-app-password",
    `git clone https://me:ATBB${rand(B62, 32)}@bitbucket.org/w/r.git`,
    true,
    "in a URL",
  ],
  ["bitbucket-app-password", `ATBB${rand(B62, 20)}`, false, "too short"],
  ["bitbucket-app-password", `ATBB${"A".repeat(32)}`, false, "no entropy"],

  ["bitbucket-legacy-app-password", `BITBUCKET_APP_PASSWORD=${rand(B62, 20)}`, true, ".env line"],
  ["bitbucket-legacy-app-password", `  bitbucketToken: "${rand(B62, 20)}"`, true, "YAML"],
  ["bitbucket-legacy-app-password", `BITBUCKET_USERNAME=${rand(B62, 20)}`, false, "a user name"],
  ["bitbucket-legacy-app-password", `APP_PASSWORD=${rand(B62, 20)}`, false, "no context"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every bitbucket rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
