import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const SK_LIVE = "sk_" + "live_";
const SK_TEST = "sk_" + "test_";

const live = SK_LIVE + rand(HEX, 40);
const test = SK_TEST + rand(HEX, 40);

const cases: Case[] = [
  {
    id: "paystack-live-secret-key",
    finds: [
      [`PAYSTACK_SECRET_KEY=${live}`, live],
      [`paystack:\n  secret: "${live}"`, live],
    ],
    ignores: [
      `PAYSTACK_SECRET_KEY=${SK_LIVE}${rand(HEX, 39)}`,
      `PAYSTACK_SECRET_KEY=${SK_LIVE}${rand(HEX, 41)}`,
      `STRIPE_SECRET_KEY=${SK_LIVE}${rand(ALNUM, 24)}`,
      `PAYSTACK_SECRET_KEY=${test}`,
    ],
  },
  {
    id: "paystack-test-secret-key",
    finds: [
      [`PAYSTACK_SECRET_KEY=${test}`, test],
      [`{"paystackKey": "${test}"}`, test],
    ],
    ignores: [`PAYSTACK_SECRET_KEY=${live}`, `PAYSTACK_SECRET_KEY=${SK_TEST}${rand(ALNUM, 24)}`],
  },
];

runCases(rules, cases);
