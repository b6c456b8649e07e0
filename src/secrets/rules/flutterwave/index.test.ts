import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

const LIVE = "FLW" + "SECK-";
const TEST = "FLW" + "SECK_TEST-";
const live = `${LIVE}${rand(HEX, 32)}-X`;
const test = `${TEST}${rand(HEX, 32)}-X`;

const cases: Case[] = [
  {
    id: "flutterwave-live-secret-key",
    finds: [
      [`FLW_SECRET_KEY=${live}`, live],
      [`{"flutterwave": {"secretKey": "${live}"}}`, live],
    ],
    ignores: [
      `FLW_SECRET_KEY=${LIVE}${rand(HEX, 31)}-X`,
      `FLW_SECRET_KEY=${test}`,
      `FLW_SECRET_KEY=${LIVE}${rand(HEX, 32)}`,
    ],
  },
  {
    id: "flutterwave-test-secret-key",
    finds: [
      [`FLW_SECRET_KEY=${test}`, test],
      [`flutterwave:\n  secret_key: "${test}"`, test],
    ],
    ignores: [`FLW_SECRET_KEY=${live}`, `FLW_SECRET_KEY=${TEST}${rand(HEX, 12)}`],
  },
];

runCases(rules, cases);
