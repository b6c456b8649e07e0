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
const HEX = "0123456789abcdef";
type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["databricks-api-token", `DATABRICKS_TOKEN=dapi${rand(HEX, 32)}`, true, ".env line"],
  [
    "databricks-api-token",
    `[DEFAULT]\nhost = https://x.cloud.databricks.com\ntoken = dapi${rand(HEX, 32)}-2`,
    true,
    ".databrickscfg",
  ],
  ["databricks-api-token", `dapi${rand(HEX, 20)}`, false, "too short"],
  ["databricks-api-token", `dapi${"0".repeat(32)}`, false, "no entropy"],
  ["databricks-api-token", `rapidapi${rand(HEX, 32)}`, false, "inside a word"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every databricks rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
