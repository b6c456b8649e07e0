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
const HEX = "0123456789abcdef";
type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  [
    "circleci-personal-token",
    `CIRCLECI_TOKEN=CCIPAT_${rand(B62, 22)}_${rand(HEX, 40)}`,
    true,
    ".env line",
  ],
  [
    "circleci-personal-token",
    `token: CCIPAT_${rand(B62, 22)}_${rand(HEX, 40)}`,
    true,
    "~/.circleci/cli.yml",
  ],
  ["circleci-personal-token", `CCIPAT_${rand(B62, 22)}_${rand(HEX, 30)}`, false, "too short"],
  ["circleci-personal-token", `CCIPAT_${rand(B62, 22)}${rand(HEX, 40)}`, false, "no separator"],

  [
    "circleci-project-token",
    `CIRCLE_TOKEN=CCIPRJ_${rand(B62, 22)}_${rand(HEX, 40)}`,
    true,
    ".env line",
  ],
  [
    "circleci-project-token",
    `"Circle-Token": "CCIPRJ_${rand(B62, 22)}_${rand(HEX, 40)}"`,
    true,
    "JSON header",
  ],
  [
    "circleci-project-token",
    `CCIPRJ_${rand(B62, 10)}_${rand(HEX, 40)}`,
    false,
    "short middle part",
  ],
  ["circleci-project-token", `CCIPRJ_${"a".repeat(22)}_${"0".repeat(40)}`, false, "no entropy"],

  ["circleci-legacy-token", `CIRCLECI_TOKEN=${rand(HEX, 40)}`, true, ".env line"],
  [
    "circleci-legacy-token",
    `curl -H "Circle-Token: ${rand(HEX, 40)}" https://circleci.com/api/v2/me`,
    true,
    "curl",
  ],
  ["circleci-legacy-token", `CIRCLE_SHA1=${rand(HEX, 40)}`, false, "the build's commit"],
  ["circleci-legacy-token", `CIRCLECI_TOKEN=${rand(HEX, 36)}`, false, "too short"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every circleci rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
