import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const token = `r8${"_"}${rand(ALNUM, 37)}`;

const cases: Case[] = [
  {
    id: "replicate-api-token",
    finds: [
      [`REPLICATE_API_TOKEN=${token}`, token],
      [`client = replicate.Client(api_token="${token}")`, token],
    ],
    ignores: [
      `REPLICATE_API_TOKEN=r8${"_"}${rand(ALNUM, 30)}`,
      `REPLICATE_API_TOKEN=r8${"_"}${"0".repeat(37)}`,
    ],
  },
];

runCases(rules, cases);
