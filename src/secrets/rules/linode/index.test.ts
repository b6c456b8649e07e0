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
  ["linode-api-token", `LINODE_TOKEN=${rand(HEX, 64)}`, true, ".env line"],
  ["linode-api-token", `  linode_cli_token: "${rand(HEX, 64)}"`, true, "YAML"],
  ["linode-api-token", `const linodeApiKey = '${rand(HEX, 64)}';`, true, "code"],
  ["linode-api-token", `TOKEN=${rand(HEX, 64)}`, false, "no context"],
  [
    "linode-api-token",
    `LINODE_REGION_ID=${rand(HEX, 64)}`,
    false,
    "a linode name that is no credential",
  ],
  ["linode-api-token", `LINODE_TOKEN=${rand(HEX, 40)}`, false, "40 hex characters"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every linode rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
