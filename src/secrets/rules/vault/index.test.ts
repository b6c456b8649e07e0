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
const long = () => "CAESI" + rand(URL64, 90);
const legacy = () => {
  // A legacy token body always has a digit in practice; force one for the test.
  const body = rand(B62, 23) + rand("0123456789", 1);
  return `s.${body}`;
};

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["vault-service-token", `VAULT_TOKEN=hvs.${long()}`, true, ".env line"],
  ["vault-service-token", `Root Token: hvs.${rand(B62, 24)}`, true, "vault server -dev output"],
  ["vault-service-token", `hvs.${rand(B62, 10)}`, false, "too short"],
  ["vault-service-token", `hvs.${"x".repeat(90)}`, false, "placeholder"],

  ["vault-batch-token", `VAULT_TOKEN=hvb.AAAAAQ${rand(URL64, 140)}`, true, ".env line"],
  [
    "vault-batch-token",
    `{"auth": {"client_token": "hvb.AAAAAQ${rand(URL64, 140)}"}}`,
    true,
    "login response",
  ],
  ["vault-batch-token", `hvb.${rand(B62, 12)}`, false, "too short"],
  ["vault-batch-token", `hvb.${"A".repeat(140)}`, false, "no entropy"],

  ["vault-recovery-token", `RECOVERY_TOKEN=hvr.${rand(B62, 24)}`, true, ".env line"],
  ["vault-recovery-token", `X-Vault-Token: hvr.${long()}`, true, "header"],
  ["vault-recovery-token", `hvr.${rand(B62, 8)}`, false, "too short"],
  ["vault-recovery-token", `hvr.${"0".repeat(24)}`, false, "no entropy"],

  ["vault-legacy-token", `VAULT_TOKEN=${legacy()}`, true, ".env line"],
  [
    "vault-legacy-token",
    `curl -H "X-Vault-Token: ${legacy()}" https://vault:8200/v1/secret/x`,
    true,
    "curl",
  ],
  [
    "vault-legacy-token",
    `VAULT_TOKEN=s.${rand("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 24)}`,
    false,
    "letters only",
  ],
  ["vault-legacy-token", `TOKEN=${legacy()}`, false, "no context"],
  ["vault-legacy-token", `VAULT_TOKEN=${legacy()}abc`, false, "too long"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every vault rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
