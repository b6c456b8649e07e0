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

const keyId = (n = 20) => "LTAI" + rand(B62, n);
const keySecret = () => rand(B62, 30);

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["alibaba-access-key-id", `ALIBABA_CLOUD_ACCESS_KEY_ID=${keyId()}`, true, ".env line"],
  ["alibaba-access-key-id", `accessKeyId: '${keyId(12)}',`, true, "code, 16 characters"],
  ["alibaba-access-key-id", `id: ${keyId(8)}`, false, "too short"],
  ["alibaba-access-key-id", `id: ${keyId(24)}`, false, "too long"],
  ["alibaba-access-key-id", `id: LTAI${"0".repeat(20)}`, false, "no entropy"],

  [
    "alibaba-access-key-secret",
    `ALIBABA_CLOUD_ACCESS_KEY_SECRET=${keySecret()}`,
    true,
    ".env line",
  ],
  ["alibaba-access-key-secret", `{"AccessKeySecret": "${keySecret()}"}`, true, "JSON"],
  ["alibaba-access-key-secret", `  aliyun_secret: ${keySecret()}`, true, "YAML"],
  ["alibaba-access-key-secret", `secret: ${keySecret()}`, false, "no context"],
  ["alibaba-access-key-secret", `AccessKeySecret: ${keySecret()}X`, false, "31 characters"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("the secret pairs with the key id", () => {
  const rule = rules.find((r) => r.meta.id === "alibaba-access-key-secret");
  assert.deepEqual(rule?.pair, { ruleId: "alibaba-access-key-id", withinLines: 5 });
});

test("every alibaba rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
