import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

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

const PROD = "access_token" + "$production$";
const SANDBOX = "access_token" + "$sandbox$";
const LOWER = "0123456789abcdefghijklmnopqrstuvwxyz";

const production = PROD + rand(LOWER, 16) + "$" + rand(HEX, 32);
const sandbox = SANDBOX + rand(LOWER, 16) + "$" + rand(HEX, 32);
const clientSecret = "E" + rand(B64URL, 79);

const cases: Case[] = [
  {
    id: "braintree-access-token",
    finds: [
      [`BRAINTREE_ACCESS_TOKEN=${production}`, production],
      [`gateway = braintree.BraintreeGateway(access_token="${production}")`, production],
    ],
    ignores: [
      `BRAINTREE_ACCESS_TOKEN=${PROD}${rand(LOWER, 16)}$${rand(HEX, 31)}`,
      `BRAINTREE_ACCESS_TOKEN=${sandbox}`,
      `BRAINTREE_ACCESS_TOKEN=${PROD}${rand(LOWER, 12)}$${rand(HEX, 32)}`,
    ],
  },
  {
    id: "braintree-sandbox-access-token",
    finds: [
      [`BRAINTREE_ACCESS_TOKEN=${sandbox}`, sandbox],
      [`braintree:\n  access_token: "${sandbox}"`, sandbox],
    ],
    ignores: [`BRAINTREE_ACCESS_TOKEN=${production}`, `${SANDBOX}${rand(LOWER, 16)}$nothex`],
  },
  {
    id: "paypal-client-secret",
    finds: [
      [`PAYPAL_CLIENT_SECRET=${clientSecret}`, clientSecret],
      [`{"paypalSecret": "${clientSecret}"}`, clientSecret],
      [`paypal_client_secret: '${clientSecret}'`, clientSecret],
    ],
    ignores: [
      `PAYPAL_CLIENT_ID=${"A" + rand(B64URL, 79)}`,
      `CLIENT_SECRET=${clientSecret}`,
      `PAYPAL_CLIENT_SECRET=${rand(B64URL, 60)}`,
      `PAYPAL_CLIENT_SECRET=${"Ab1_".repeat(20)}`,
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
