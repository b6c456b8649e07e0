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
const cases: Case[] = [
  ["netlify-access-token", `NETLIFY_AUTH_TOKEN=nfp_${rand(B62, 36)}`, true, ".env line"],
  ["netlify-access-token", `{"token": "nfc_${rand(B62, 36)}"}`, true, "CLI config JSON"],
  ["netlify-access-token", `nfp_${rand(B62, 30)}`, false, "too short"],
  ["netlify-access-token", `nfx_${rand(B62, 36)}`, false, "unknown kind"],
  ["netlify-access-token", `nfp_${"0".repeat(36)}`, false, "no entropy"],

  ["netlify-legacy-access-token", `NETLIFY_AUTH_TOKEN=${rand(URL64, 43)}`, true, ".env line"],
  ["netlify-legacy-access-token", `  netlifyToken: "${rand(URL64, 40)}"`, true, "YAML"],
  [
    "netlify-legacy-access-token",
    `NETLIFY_AUTH_TOKEN=nfp_${rand(B62, 36)}`,
    false,
    "the prefixed format (own rule)",
  ],
  ["netlify-legacy-access-token", `NETLIFY_SITE_ID=${rand(URL64, 40)}`, false, "a site id name"],
  ["netlify-legacy-access-token", `NETLIFY_AUTH_TOKEN=${rand(URL64, 30)}`, false, "too short"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every netlify rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
