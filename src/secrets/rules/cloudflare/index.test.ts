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
const URL64 = B62 + "_-";

const origin = () => `v1.0-${rand(HEX, 24)}-${rand(HEX, 146)}`;

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["cloudflare-api-token", `CLOUDFLARE_API_TOKEN=cfut_${rand(B62, 48)}`, true, ".env line"],
  ["cloudflare-api-token", `  apiToken: "cfat_${rand(B62, 46)}"`, true, "YAML, account token"],
  ["cloudflare-api-token", `cfut_${rand(B62, 30)}`, false, "too short"],
  ["cloudflare-api-token", `cfut_${"a".repeat(48)}`, false, "no entropy"],

  ["cloudflare-global-api-key", `CLOUDFLARE_API_KEY=cfk_${rand(B62, 48)}`, true, ".env line"],
  ["cloudflare-global-api-key", `X-Auth-Key: cfk_${rand(B62, 46)}`, true, "header"],
  ["cloudflare-global-api-key", `cfk_${rand(B62, 20)}`, false, "too short"],
  ["cloudflare-global-api-key", `mycfk_${rand(B62, 48)}`, false, "inside a longer word"],

  ["cloudflare-legacy-api-token", `CLOUDFLARE_API_TOKEN=${rand(URL64, 40)}`, true, ".env line"],
  ["cloudflare-legacy-api-token", `export CF_API_TOKEN="${rand(URL64, 40)}"`, true, "shell"],
  ["cloudflare-legacy-api-token", `  cfApiToken: '${rand(URL64, 40)}'`, true, "YAML"],
  ["cloudflare-legacy-api-token", `API_TOKEN=${rand(URL64, 40)}`, false, "no context"],
  [
    "cloudflare-legacy-api-token",
    `CLOUDFLARE_API_TOKEN=${rand(URL64, 41)}`,
    false,
    "41 characters",
  ],
  [
    "cloudflare-legacy-api-token",
    `CLOUDFLARE_ZONE_TOKEN=${rand(HEX, 40)}`,
    false,
    "a hex digest (low entropy)",
  ],

  ["cloudflare-legacy-global-api-key", `CF_API_KEY=${rand(HEX, 37)}`, true, ".env line"],
  [
    "cloudflare-legacy-global-api-key",
    `curl -H "X-Auth-Key: ${rand(HEX, 37)}" https://api.cloudflare.com/client/v4/zones`,
    true,
    "curl",
  ],
  ["cloudflare-legacy-global-api-key", `CF_API_KEY=${rand(HEX, 30)}`, false, "too short"],
  ["cloudflare-legacy-global-api-key", `API_KEY=${rand(HEX, 37)}`, false, "no context"],

  ["cloudflare-origin-ca-key", `CF_ORIGIN_CA_KEY=${origin()}`, true, ".env line"],
  ["cloudflare-origin-ca-key", `{"origin_ca_key": "${origin()}"}`, true, "JSON"],
  ["cloudflare-origin-ca-key", `v1.0-${rand(HEX, 24)}-${rand(HEX, 100)}`, false, "too short"],
  ["cloudflare-origin-ca-key", `v1.0-${"0".repeat(24)}-${"0".repeat(146)}`, false, "no entropy"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every cloudflare rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
