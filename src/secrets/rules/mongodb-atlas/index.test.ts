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
const uuid = () => [8, 4, 4, 4, 12].map((n) => rand(HEX, n)).join("-");
const host = () => `cluster0.${rand("abcdefghijklmnopqrstuvwxyz0123456789", 5)}.mongodb.net`;

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["mongodb-atlas-api-private-key", `MONGODB_ATLAS_PRIVATE_KEY=${uuid()}`, true, ".env line"],
  ["mongodb-atlas-api-private-key", `  atlasPrivateKey: "${uuid()}"`, true, "YAML"],
  ["mongodb-atlas-api-private-key", `MONGODB_ATLAS_PROJECT_ID=${uuid()}`, false, "a project id"],
  ["mongodb-atlas-api-private-key", `PRIVATE_KEY=${uuid()}`, false, "no context"],

  [
    "mongodb-atlas-connection-password",
    `MONGODB_URI=mongodb+srv://app:${rand(B62, 16)}@${host()}/prod?retryWrites=true`,
    true,
    ".env line",
  ],
  [
    "mongodb-atlas-connection-password",
    `  uri: "mongodb://app:${rand(B62, 12)}@${host()}:27017/db"`,
    true,
    "YAML",
  ],
  [
    "mongodb-atlas-connection-password",
    `mongodb+srv://app:<db_password>@${host()}/`,
    false,
    "placeholder",
  ],
  [
    "mongodb-atlas-connection-password",
    `mongodb+srv://app:${rand(B62, 16)}@db.internal.example/`,
    false,
    "not an Atlas host",
  ],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every mongodb-atlas rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
