import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

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

runCases(rules, cases);
