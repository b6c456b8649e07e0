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
const uuid = () => [8, 4, 4, 4, 12].map((n) => rand(HEX, n)).join("-");

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const accessKey = () => "SCW" + rand(UPPER, 17);

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["scaleway-access-key-id", `SCW_ACCESS_KEY=${accessKey()}`, true, ".env line"],
  ["scaleway-access-key-id", `access_key: "${accessKey()}"`, true, "YAML"],
  ["scaleway-access-key-id", `SCW_ACCESS_KEY=${accessKey().slice(0, 15)}`, false, "too short"],
  ["scaleway-access-key-id", `SCW_ACCESS_KEY=SCW${"A".repeat(17)}`, false, "no entropy"],

  ["scaleway-secret-key", `SCW_SECRET_KEY=${uuid()}`, true, ".env line"],
  ["scaleway-secret-key", `  scaleway_secret_key: "${uuid()}"`, true, "YAML"],
  ["scaleway-secret-key", `SCW_DEFAULT_PROJECT_ID=${uuid()}`, false, "a project id"],
  ["scaleway-secret-key", `SECRET_KEY=${uuid()}`, false, "no context"],
];

test("the secret key pairs with the access key id", () => {
  const rule = rules.find((r) => r.meta.id === "scaleway-secret-key");
  assert.deepEqual(rule?.pair, { ruleId: "scaleway-access-key-id", withinLines: 5 });
});

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every scaleway rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
