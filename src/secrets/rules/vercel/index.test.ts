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
const cases: Case[] = [
  ["vercel-token", `VERCEL_TOKEN=vcp_${rand(B62, 56)}`, true, ".env line"],
  ["vercel-token", `  apiKey: "vck_${rand(B62, 40)}"`, true, "YAML"],
  ["vercel-token", `vcr_cassette_library_dir = "fixtures"`, false, "a VCR setting"],
  ["vercel-token", `vcp_${rand(B62, 10)}`, false, "too short"],
  ["vercel-token", `vcp_${"a".repeat(40)}`, false, "no entropy"],

  ["vercel-legacy-token", `VERCEL_TOKEN=${rand(B62, 24)}`, true, ".env line"],
  ["vercel-legacy-token", `      - run: vercel deploy --token=${rand(B62, 24)}`, true, "CI step"],
  ["vercel-legacy-token", `VERCEL_TOKEN=\${{ secrets.VERCEL_TOKEN }}`, false, "a reference"],
  ["vercel-legacy-token", `VERCEL_TOKEN=${rand(B62, 30)}`, false, "30 characters"],
  ["vercel-legacy-token", `vercel deploy --prod --token ${rand(B62, 24)}`, true, "command line"],
  ["vercel-legacy-token", `TOKEN=${rand(B62, 24)}`, false, "no context"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every vercel rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
