import assert from "node:assert/strict";
import { randomBytes, randomInt } from "node:crypto";
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

const customerSecret = () => randomBytes(32).toString("base64");
const authToken = () => rand(B62 + "#$%&()*+.:;<>?^_{|}~-", 20);

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["oci-customer-secret-key", `OCI_SECRET_KEY=${customerSecret()}`, true, ".env line"],
  ["oci-customer-secret-key", `  oracle_s3_secret_access_key: "${customerSecret()}"`, true, "YAML"],
  [
    "oci-customer-secret-key",
    `SOCIAL_SECRET=${customerSecret()}`,
    false,
    "oci inside another word",
  ],
  [
    "oci-customer-secret-key",
    `OCI_SECRET_KEY=${randomBytes(16).toString("base64")}`,
    false,
    "16 bytes",
  ],

  ["oci-auth-token", `OCI_AUTH_TOKEN='${authToken()}'`, true, ".env line"],
  ["oci-auth-token", `  ociAuthToken: "${authToken()}"`, true, "YAML"],
  ["oci-auth-token", `OCI_AUTH_TOKEN='${authToken()}${authToken()}'`, false, "40 characters"],
  ["oci-auth-token", `AUTH_TOKEN='${authToken()}'`, false, "no OCI context"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every oracle-cloud rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
