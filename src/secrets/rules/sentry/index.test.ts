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
const B64 = B62 + "+/";
const orgToken = () => {
  const payload = Buffer.from(
    JSON.stringify({
      iat: 1700000000.5,
      url: "https://sentry.io",
      region_url: "https://us.sentry.io",
      org: "drydock",
    }),
  )
    .toString("base64")
    .replace(/=+$/, "");
  return `sntrys_${payload}_${rand(B64, 43)}`;
};

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["sentry-org-token", `SENTRY_AUTH_TOKEN=${orgToken()}`, true, ".env line"],
  ["sentry-org-token", `[auth]\ntoken=${orgToken()}`, true, ".sentryclirc"],
  ["sentry-org-token", `sntrys_eyJ${rand(B64, 60)}_${rand(B64, 43)}`, false, "payload is not JSON"],
  ["sentry-org-token", `sntrys_eyJ${rand(B64, 60)}`, false, "no secret part"],

  ["sentry-user-token", `SENTRY_AUTH_TOKEN=sntryu_${rand(HEX, 64)}`, true, ".env line"],
  ["sentry-user-token", `  authToken: "sntryu_${rand(HEX, 64)}"`, true, "YAML"],
  ["sentry-user-token", `sntryu_${rand(HEX, 40)}`, false, "too short"],
  ["sentry-user-token", `sntryu_${"0".repeat(64)}`, false, "no entropy"],

  ["sentry-legacy-auth-token", `SENTRY_AUTH_TOKEN=${rand(HEX, 64)}`, true, ".env line"],
  ["sentry-legacy-auth-token", `  sentry_token: "${rand(HEX, 64)}"`, true, "YAML"],
  ["sentry-legacy-auth-token", `SENTRY_RELEASE=${rand(HEX, 64)}`, false, "a release hash"],
  ["sentry-legacy-auth-token", `SENTRY_AUTH_TOKEN=${rand(HEX, 40)}`, false, "too short"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every sentry rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
