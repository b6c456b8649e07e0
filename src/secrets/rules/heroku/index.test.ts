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
const uuid = () => [8, 4, 4, 4, 12].map((n) => rand(HEX, n)).join("-");

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["heroku-api-key", `HEROKU_API_KEY=HRKU-AA${rand(URL64, 58)}`, true, ".env line"],
  ["heroku-api-key", `  password: HRKU-AA${rand(URL64, 58)}`, true, "netrc-like YAML"],
  ["heroku-api-key", `HRKU-AA${rand(URL64, 50)}`, false, "too short"],
  ["heroku-api-key", `HRKU-${"A".repeat(60)}`, false, "no entropy"],

  ["heroku-legacy-api-key", `HEROKU_API_KEY=${uuid()}`, true, ".env line"],
  ["heroku-legacy-api-key", `{"herokuAuthToken": "${uuid()}"}`, true, "JSON"],
  ["heroku-legacy-api-key", `HEROKU_APP_ID=${uuid()}`, false, "an app id"],
  ["heroku-legacy-api-key", `HEROKU_OAUTH_ID=${uuid()}`, false, "an OAuth client id"],
  ["heroku-legacy-api-key", `API_KEY=${uuid()}`, false, "no heroku context"],
  [
    "heroku-legacy-api-key",
    `HEROKU_API_KEY=00000000-0000-0000-0000-000000000000`,
    false,
    "nil UUID",
  ],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every heroku rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
