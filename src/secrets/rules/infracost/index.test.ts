import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const key = `ic${"o"}-${rand(ALNUM, 32)}`;

const cases: Case[] = [
  {
    id: "infracost-api-key",
    finds: [
      [`INFRACOST_API_KEY=${key}`, key],
      [`infracost configure set api_key ${key}`, key],
    ],
    ignores: [
      `INFRACOST_API_KEY=ic${"o"}-${rand(ALNUM, 20)}`,
      `<link rel="favic${"o"}-${rand(ALNUM, 32)}">`,
      `INFRACOST_API_KEY=ic${"o"}-${"ab".repeat(16)}`,
    ],
  },
];

runCases(rules, cases);
