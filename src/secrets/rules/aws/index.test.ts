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
const UPPER32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const HEX = "0123456789abcdef";
const uuid = () => [8, 4, 4, 4, 12].map((n) => rand(HEX, n)).join("-");

const keyId = (prefix = "AKIA") => prefix + rand(UPPER32, 16);
const secretKey = () => rand(B64, 40);
const sessionToken = () => "IQoJb3JpZ2luX2Vj" + rand(B64, 300);

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["aws-access-key-id", `AWS_ACCESS_KEY_ID=${keyId()}`, true, ".env line"],
  ["aws-access-key-id", `{"AccessKeyId": "${keyId("ASIA")}"}`, true, "STS JSON"],
  ["aws-access-key-id", `  aws_access_key_id: ${keyId("ABIA")}`, true, "YAML"],
  ["aws-access-key-id", `AWS_ACCESS_KEY_ID=${"AKIA" + "IOSFODNN7EXAMPLE"}`, false, "AWS's example"],
  ["aws-access-key-id", `id = "${keyId().slice(0, 19)}"`, false, "too short"],
  ["aws-access-key-id", `id = "${keyId()}X"`, false, "too long"],
  ["aws-access-key-id", `id = "AKIA${rand("0189", 16)}"`, false, "digits outside base32"],
  ["aws-access-key-id", `id = "AKIA${"A".repeat(16)}"`, false, "no entropy"],

  ["aws-secret-access-key", `aws_secret_access_key = ${secretKey()}`, true, "credentials file"],
  ["aws-secret-access-key", `{"SecretAccessKey": "${secretKey()}"}`, true, "STS JSON"],
  ["aws-secret-access-key", `export AWS_SECRET_KEY="${secretKey()}"`, true, "shell"],
  ["aws-secret-access-key", `cloud.aws.credentials.secret-key=${secretKey()}`, true, "Spring"],
  ["aws-secret-access-key", `const awsSecret = '${secretKey()}';`, true, "code"],
  [
    "aws-secret-access-key",
    `aws_secret_access_key = ${"wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY"}`,
    false,
    "AWS's example",
  ],
  ["aws-secret-access-key", `token = ${secretKey()}`, false, "no context"],
  [
    "aws-secret-access-key",
    `aws_secret_access_key = ${rand(HEX, 40)}`,
    false,
    "a hex digest (low entropy)",
  ],
  ["aws-secret-access-key", `aws_secret_access_key = ${secretKey()}Q`, false, "41 characters"],
  [
    "aws-secret-access-key",
    `aws_secret_access_key = \${AWS_SECRET_ACCESS_KEY}`,
    false,
    "a reference",
  ],

  ["aws-session-token", `aws_session_token = ${sessionToken()}`, true, "credentials file"],
  ["aws-session-token", `  "SessionToken": "${sessionToken()}",`, true, "STS JSON"],
  ["aws-session-token", `X-Amz-Security-Token: ${sessionToken()}`, true, "HTTP header"],
  ["aws-session-token", `aws_session_token = ${rand(B64, 60)}`, false, "too short"],
  ["aws-session-token", `session = ${sessionToken()}`, false, "no context"],
  [
    "aws-session-token",
    `"SessionToken": "IQoJb3JpZ2luX2VjEOz////////////////////wEXAMPLE${rand(B64, 300)}"`,
    false,
    "AWS's documentation token",
  ],
  ["aws-session-token", `AWS_SESSION_TOKEN=${"A".repeat(200)}`, false, "no entropy"],

  ["aws-mws-auth-token", `MWS_AUTH_TOKEN=amzn.mws.${uuid()}`, true, ".env line"],
  ["aws-mws-auth-token", `mws: { token: "amzn.mws.${uuid()}" }`, true, "code"],
  ["aws-mws-auth-token", `amzn.mws.${uuid().slice(0, 30)}`, false, "truncated UUID"],
  [
    "aws-mws-auth-token",
    `amzn.mws.${uuid().toUpperCase().replace(/[0-9]/g, "G")}`,
    false,
    "not hex",
  ],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("the secret access key pairs with the key id", () => {
  const rule = rules.find((r) => r.meta.id === "aws-secret-access-key");
  assert.deepEqual(rule?.pair, { ruleId: "aws-access-key-id", withinLines: 5 });
});

test("every aws rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
