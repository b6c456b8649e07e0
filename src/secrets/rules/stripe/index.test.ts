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

const SK_LIVE = "sk_" + "live_";
const RK_LIVE = "rk_" + "live_";
const SK_TEST = "sk_" + "test_";
const RK_TEST = "rk_" + "test_";
const WHSEC = "wh" + "sec_";

const live24 = SK_LIVE + rand(ALNUM, 24);
const live99 = SK_LIVE + "51" + rand(ALNUM, 97);
const restricted = RK_LIVE + rand(ALNUM, 24);
const restrictedLong = RK_LIVE + "51" + rand(ALNUM, 97);
const test = SK_TEST + rand(ALNUM, 24);
const testRestricted = RK_TEST + "51" + rand(ALNUM, 97);
const webhook = WHSEC + rand(ALNUM, 32);
const webhookCli = WHSEC + rand(HEX, 64);

const cases: Case[] = [
  {
    id: "stripe-live-secret-key",
    finds: [
      [`STRIPE_SECRET_KEY=${live24}\n`, live24],
      [`stripe:\n  secret_key: "${live99}"\n`, live99],
      [`const stripe = new Stripe('${live99}');`, live99],
    ],
    ignores: [
      `STRIPE_SECRET_KEY=${SK_LIVE}${"x".repeat(24)}`,
      `STRIPE_SECRET_KEY=${SK_LIVE}${rand(ALNUM, 20)}`,
      `PAYSTACK_SECRET_KEY=${SK_LIVE}${rand(HEX, 40)}`,
      `STRIPE_PUBLISHABLE_KEY=${"pk_"}live_${rand(ALNUM, 24)}`,
      `STRIPE_SECRET_KEY=${test}`,
    ],
  },
  {
    id: "stripe-live-restricted-key",
    finds: [
      [`{"stripe_restricted_key": "${restricted}"}`, restricted],
      [`export STRIPE_KEY=${restrictedLong}`, restrictedLong],
    ],
    ignores: [`STRIPE_KEY=${RK_LIVE}${rand(ALNUM, 12)}`, `STRIPE_KEY=${testRestricted}`],
  },
  {
    id: "stripe-test-key",
    finds: [
      [`STRIPE_SECRET_KEY=${test}`, test],
      [`stripe.api_key = "${testRestricted}"`, testRestricted],
    ],
    ignores: [
      `PAYSTACK_SECRET_KEY=${SK_TEST}${rand(HEX, 40)}`,
      `STRIPE_SECRET_KEY=${SK_TEST}${rand(ALNUM, 10)}`,
      `STRIPE_SECRET_KEY=${live24}`,
    ],
  },
  {
    id: "stripe-webhook-secret",
    finds: [
      [`STRIPE_WEBHOOK_SECRET=${webhook}`, webhook],
      [`webhook:\n  signing_secret: '${webhookCli}'`, webhookCli],
    ],
    ignores: [
      `STRIPE_WEBHOOK_SECRET=${WHSEC}${rand(ALNUM, 20)}`,
      `STRIPE_WEBHOOK_SECRET=${WHSEC}${"ab".repeat(16)}`,
      `STRIPE_WEBHOOK_SECRET=${rand(ALNUM, 32)}`,
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
