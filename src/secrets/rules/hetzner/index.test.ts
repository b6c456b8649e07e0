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
  ["hetzner-cloud-api-token", `HCLOUD_TOKEN=${rand(B62, 64)}`, true, ".env line"],
  ["hetzner-cloud-api-token", `  hetzner_api_token: "${rand(B62, 64)}"`, true, "YAML"],
  ["hetzner-cloud-api-token", `HCLOUD_TOKEN=${rand(B62, 60)}`, false, "too short"],
  ["hetzner-cloud-api-token", `TOKEN=${rand(B62, 64)}`, false, "no context"],
  ["hetzner-cloud-api-token", `HCLOUD_TOKEN=${rand(HEX, 64)}`, false, "hex (low entropy)"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every hetzner rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
