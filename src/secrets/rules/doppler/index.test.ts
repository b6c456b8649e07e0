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
const cases: Case[] = [];
for (const [id, kind] of [
  ["doppler-personal-token", "pt"],
  ["doppler-cli-token", "ct"],
  ["doppler-scim-token", "scim"],
  ["doppler-service-account-token", "sa"],
  ["doppler-audit-token", "audit"],
] as const) {
  cases.push(
    [id, `DOPPLER_TOKEN=dp.${kind}.${rand(B62, 43)}`, true, ".env line"],
    [id, `  token: "dp.${kind}.${rand(B62, 40)}"`, true, "YAML"],
    [id, `DOPPLER_TOKEN=dp.${kind}.${rand(B62, 30)}`, false, "too short"],
    [id, `DOPPLER_TOKEN=dp.${kind}.${"x".repeat(43)}`, false, "placeholder"],
  );
}
cases.push(
  ["doppler-service-token", `DOPPLER_TOKEN=dp.st.${rand(B62, 43)}`, true, ".env line"],
  [
    "doppler-service-token",
    `DOPPLER_TOKEN="dp.st.prd.${rand(B62, 43)}"`,
    true,
    "with a config name",
  ],
  ["doppler-service-token", `dp.st.${rand(B62, 20)}`, false, "too short"],
  ["doppler-service-token", `dp.st.dev.${"0".repeat(43)}`, false, "no entropy"],
);

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every doppler rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
