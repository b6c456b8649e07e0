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

const B64 = B62 + "+/";
const macaroon = (prefix = "fm2_") => prefix + "lJPE" + rand(B64, 300) + "==";

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["flyio-access-token", `FLY_API_TOKEN=fo1_${rand(URL64, 43)}`, true, ".env line"],
  ["flyio-access-token", `  fly_token: "fo1_${rand(URL64, 43)}"`, true, "YAML"],
  ["flyio-access-token", `fo1_${rand(URL64, 40)}`, false, "too short"],
  ["flyio-access-token", `fo1_${"a".repeat(43)}`, false, "no entropy"],

  ["flyio-macaroon-token", `FLY_API_TOKEN="FlyV1 ${macaroon()},${macaroon()}"`, true, ".env line"],
  ["flyio-macaroon-token", `Authorization: FlyV1 ${macaroon("fm1r_")}`, true, "header, fm1r"],
  ["flyio-macaroon-token", `fm2_${rand(B64, 40)}`, false, "too short"],
  ["flyio-macaroon-token", `fm2_${"A".repeat(300)}`, false, "no entropy"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every flyio rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
