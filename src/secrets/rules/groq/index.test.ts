import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const key = `gs${"k"}_${rand(ALNUM, 52)}`;

const cases: Case[] = [
  {
    id: "groq-api-key",
    finds: [
      [`GROQ_API_KEY=${key}`, key],
      [`const groq = new Groq({ apiKey: '${key}' });`, key],
    ],
    ignores: [
      `GROQ_API_KEY=gs${"k"}_${rand(ALNUM, 40)}`,
      `GROQ_API_KEY=gs${"k"}_${"ab".repeat(26)}`,
    ],
  },
];

runCases(rules, cases);
