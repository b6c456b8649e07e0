import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const key = `ppl${"x"}-${rand(ALNUM, 48)}`;

const cases: Case[] = [
  {
    id: "perplexity-api-key",
    finds: [
      [`PERPLEXITY_API_KEY=${key}`, key],
      [`headers = {"Authorization": "Bearer ${key}"}`, key],
    ],
    ignores: [
      `PERPLEXITY_API_KEY=ppl${"x"}-${rand(ALNUM, 32)}`,
      `PERPLEXITY_API_KEY=ppl${"x"}-${"a1".repeat(24)}`,
    ],
  },
];

runCases(rules, cases);
