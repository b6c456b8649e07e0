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
const URL64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const HEX = "0123456789abcdef";

const apiKey = () => rand(URL64, 44);
const serviceCredential = (key: string) =>
  JSON.stringify(
    {
      apikey: key,
      iam_apikey_description: "Auto-generated for key crn:v1:bluemix:public:cloud-object-storage",
      iam_role_crn: "crn:v1:bluemix:public:iam::::serviceRole:Writer",
    },
    null,
    2,
  );
const hmac = (secret: string, wrapper = "cos_hmac_keys") =>
  JSON.stringify(
    { [wrapper]: { access_key_id: rand(HEX, 32), secret_access_key: secret } },
    null,
    2,
  );

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["ibm-cloud-api-key", `IBMCLOUD_API_KEY=${apiKey()}`, true, ".env line"],
  ["ibm-cloud-api-key", serviceCredential(apiKey()), true, "a service credential"],
  ["ibm-cloud-api-key", `  ibm_api_key: "${apiKey()}"`, true, "YAML"],
  [
    "ibm-cloud-api-key",
    JSON.stringify({ apikey: apiKey() }),
    false,
    "a bare apikey without IBM nearby",
  ],
  ["ibm-cloud-api-key", `IBMCLOUD_API_KEY=${apiKey().slice(0, 40)}`, false, "too short"],
  ["ibm-cloud-api-key", `IBMCLOUD_API_KEY=${"a".repeat(44)}`, false, "no entropy"],

  ["ibm-cos-hmac-secret-key", hmac(rand(HEX, 48)), true, "a COS credential"],
  [
    "ibm-cos-hmac-secret-key",
    `"cos_hmac_keys": {"access_key_id": "${rand(HEX, 32)}", "secret_access_key": "${rand(HEX, 48)}"}`,
    true,
    "one line",
  ],
  ["ibm-cos-hmac-secret-key", hmac(rand(HEX, 48), "keys"), false, "not inside cos_hmac_keys"],
  ["ibm-cos-hmac-secret-key", hmac(rand(HEX, 40)), false, "40 hex characters"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every ibm-cloud rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
