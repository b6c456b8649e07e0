import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const LOWER = "0123456789abcdefghijklmnopqrstuvwxyz";
const key = `rdm${"e"}_${rand(LOWER, 70)}`;

const cases: Case[] = [
  {
    id: "readme-api-key",
    finds: [
      [`README_API_KEY=${key}`, key],
      [`rdme openapi --key=${key}`, key],
    ],
    ignores: [
      `README_API_KEY=rdm${"e"}_${rand(LOWER, 40)}`,
      `README_API_KEY=rdm${"e"}_${rand(LOWER, 70).toUpperCase()}`,
    ],
  },
];

runCases(rules, cases);
