import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `n` random characters of `alphabet`, never one the placeholder filter would drop. */
function rand(alphabet: string, n: number): string {
  for (;;) {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
    if (!isPlaceholder(s)) return s;
  }
}

/** Each rule: texts it finds (with the secret it must report) and texts it must ignore. */
interface Case {
  id: string;
  finds: [text: string, secret: string][];
  ignores: string[];
}

const sid = `AC${rand(HEX, 32)}`;
const authToken = rand(HEX, 32);
const keySid = `SK${rand(HEX, 32)}`;
const keySecret = rand(ALNUM, 32);

const cases: Case[] = [
  {
    id: "twilio-account-sid",
    finds: [
      [`TWILIO_ACCOUNT_SID=${sid}`, sid],
      [`client = twilio.Client("${sid}", token)`, sid],
    ],
    ignores: [`ACCOUNT_SID=${sid}`, `TWILIO_ACCOUNT_SID=AC${rand(HEX, 20)}`],
  },
  {
    id: "twilio-auth-token",
    finds: [
      [`TWILIO_AUTH_TOKEN=${authToken}`, authToken],
      [`{"twilioAuthToken": "${authToken}"}`, authToken],
    ],
    ignores: [
      `AUTH_TOKEN=${authToken}`,
      `TWILIO_ACCOUNT_SID=${sid}`,
      `TWILIO_AUTH_TOKEN=${rand(HEX, 30)}`,
      `TWILIO_API_SECRET=${authToken}`,
    ],
  },
  {
    id: "twilio-api-key",
    finds: [
      [`TWILIO_API_KEY=${keySid}`, keySid],
      [`{"twilio": {"apiKey": "${keySid}"}}`, keySid],
    ],
    ignores: [`API_KEY=${keySid}`, `TWILIO_API_KEY=SK${rand(HEX, 40)}`],
  },
  {
    id: "twilio-api-key-secret",
    finds: [
      [`TWILIO_API_SECRET=${keySecret}`, keySecret],
      [`twilio_api_key_secret: "${keySecret}"`, keySecret],
    ],
    ignores: [
      `API_SECRET=${keySecret}`,
      `TWILIO_API_SECRET=${rand(ALNUM, 24)}`,
      `TWILIO_API_SECRET=${"aB".repeat(16)}`,
    ],
  },
];

for (const c of cases) {
  describe(c.id, () => {
    const rule = rules.find((r) => r.meta.id === c.id);
    it("is one of this family's rules", () => assert.ok(rule));
    for (const [text, secret] of c.finds) {
      it(`finds ${JSON.stringify(text.replace(secret, "<secret>"))}`, () => {
        assert.ok(ruleFinds(rule!, text));
        assert.deepEqual(
          ruleCandidates(rule!, text).map((x) => x.secret),
          [secret],
        );
      });
    }
    for (const text of c.ignores) {
      it(`ignores ${JSON.stringify(text.slice(0, 80))}`, () => {
        assert.equal(ruleFinds(rule!, text), false);
      });
    }
  });
}

it("has cases for every rule of the family", () => {
  assert.deepEqual(cases.map((c) => c.id).sort(), rules.map((r) => r.meta.id).sort());
});
