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
const HEX = "0123456789abcdef";
const URL64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const keyFile = (keyId: string, type = "service_account") =>
  JSON.stringify(
    {
      type,
      project_id: "drydock-test",
      private_key_id: keyId,
      client_email: "ci@drydock-test.iam.gserviceaccount.com",
    },
    null,
    2,
  );
const apiKey = () => "AIza" + rand(URL64, 35);
const clientSecret = () => "GOCSPX-" + rand(URL64, 28);

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["gcp-service-account-key", keyFile(rand(HEX, 40)), true, "a pretty-printed key file"],
  [
    "gcp-service-account-key",
    JSON.stringify({ type: "service_account", private_key_id: rand(HEX, 40) }),
    true,
    "a minified key file",
  ],
  [
    "gcp-service-account-key",
    keyFile(rand(HEX, 40), "authorized_user"),
    false,
    "not a service account",
  ],
  ["gcp-service-account-key", `"private_key_id": "${rand(HEX, 40)}"`, false, "no type next to it"],
  ["gcp-service-account-key", keyFile(rand(HEX, 39)), false, "39 hex characters"],

  ["gcp-api-key", `GOOGLE_API_KEY=${apiKey()}`, true, ".env line"],
  [
    "gcp-api-key",
    `<script src="https://maps.googleapis.com/maps/api/js?key=${apiKey()}"></script>`,
    true,
    "HTML",
  ],
  ["gcp-api-key", `apiKey: "${apiKey()}",`, true, "firebase config"],
  ["gcp-api-key", `key = "${apiKey().slice(0, 30)}"`, false, "too short"],
  ["gcp-api-key", `key = "${apiKey()}abc"`, false, "too long"],
  ["gcp-api-key", `key = "AIza${"x".repeat(35)}"`, false, "placeholder"],

  ["gcp-oauth-client-secret", `GOOGLE_CLIENT_SECRET=${clientSecret()}`, true, ".env line"],
  [
    "gcp-oauth-client-secret",
    `{"web":{"client_secret":"${clientSecret()}"}}`,
    true,
    "client_secret.json",
  ],
  ["gcp-oauth-client-secret", `secret: ${clientSecret().slice(0, 20)}`, false, "too short"],
  ["gcp-oauth-client-secret", `secret: GOCSPX-${"a".repeat(28)}`, false, "no entropy"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every gcp rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
