import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const key = `lin_${"api"}_${rand(ALNUM, 40)}`;
const oauth = `lin_${"oauth"}_${rand(HEX, 64)}`;

const cases: Case[] = [
  {
    id: "linear-api-key",
    finds: [
      [`LINEAR_API_KEY=${key}`, key],
      [`const linear = new LinearClient({ apiKey: "${key}" });`, key],
    ],
    ignores: [
      `LINEAR_API_KEY=lin_${"api"}_${rand(ALNUM, 30)}`,
      `LINEAR_API_KEY=lin_${"api"}_${"x".repeat(40)}`,
      `LINEAR_API_KEY=lin_${"api"}_${"0".repeat(40)}`,
    ],
  },
  {
    id: "linear-oauth-token",
    finds: [
      [`LINEAR_ACCESS_TOKEN=${oauth}`, oauth],
      [`{"access_token": "${oauth}", "token_type": "Bearer"}`, oauth],
    ],
    ignores: [
      `LINEAR_ACCESS_TOKEN=lin_${"oauth"}_${rand(HEX, 40)}`,
      `LINEAR_ACCESS_TOKEN=lin_${"oauth"}_${rand(ALNUM, 64).replace(/[0-9a-f]/g, "Q")}`,
    ],
  },
];

runCases(rules, cases);
