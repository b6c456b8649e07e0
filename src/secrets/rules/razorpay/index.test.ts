import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const RZP = "rzp_" + "live_";
const keyId = RZP + rand(ALNUM, 14);
const keySecret = rand(ALNUM, 24);

const cases: Case[] = [
  {
    id: "razorpay-live-key-id",
    finds: [
      [`RAZORPAY_KEY_ID=${keyId}`, keyId],
      [`var options = { "key": "${keyId}", "amount": 50000 };`, keyId],
    ],
    ignores: [
      `RAZORPAY_KEY_ID=${"rzp_"}test_${rand(ALNUM, 14)}`,
      `RAZORPAY_KEY_ID=${RZP}${rand(ALNUM, 10)}`,
    ],
  },
  {
    id: "razorpay-key-secret",
    finds: [
      [`RAZORPAY_KEY_SECRET=${keySecret}`, keySecret],
      [`{"razorpay_key_secret": "${keySecret}"}`, keySecret],
    ],
    ignores: [
      `RAZORPAY_KEY_ID=${rand(ALNUM, 24)}`,
      `KEY_SECRET=${keySecret}`,
      `RAZORPAY_KEY_SECRET=${rand(ALNUM, 30)}`,
      `RAZORPAY_KEY_SECRET=${"abcd".repeat(6)}`,
    ],
  },
];

runCases(rules, cases);
