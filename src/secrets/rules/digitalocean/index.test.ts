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
  ["digitalocean-pat", `DIGITALOCEAN_TOKEN=dop_v1_${rand(HEX, 64)}`, true, ".env line"],
  ["digitalocean-pat", `  do_token: "dop_v1_${rand(HEX, 64)}"`, true, "YAML"],
  ["digitalocean-pat", `dop_v1_${rand(HEX, 63)}`, false, "63 hex characters"],
  ["digitalocean-pat", `dop_v1_${"0".repeat(64)}`, false, "no entropy"],
  [
    "digitalocean-pat",
    `dop_v1_${rand(HEX, 64).toUpperCase().replace(/[0-9]/g, "G")}`,
    false,
    "not lowercase hex",
  ],

  [
    "digitalocean-oauth-token",
    `Authorization: Bearer doo_v1_${rand(HEX, 64)}`,
    true,
    "HTTP header",
  ],
  ["digitalocean-oauth-token", `{"access_token":"doo_v1_${rand(HEX, 64)}"}`, true, "JSON"],
  ["digitalocean-oauth-token", `doo_v1_${rand(HEX, 60)}`, false, "too short"],
  ["digitalocean-oauth-token", `doo_v2_${rand(HEX, 64)}`, false, "unknown version"],

  ["digitalocean-refresh-token", `{"refresh_token":"dor_v1_${rand(HEX, 64)}"}`, true, "JSON"],
  ["digitalocean-refresh-token", `REFRESH=dor_v1_${rand(HEX, 64)}`, true, ".env line"],
  ["digitalocean-refresh-token", `dor_v1_${rand(HEX, 64)}0`, false, "65 hex characters"],
  ["digitalocean-refresh-token", `dor_v1_${"ab".repeat(32)}`, false, "no entropy"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every digitalocean rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
