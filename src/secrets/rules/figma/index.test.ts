import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const token = `fig${"d"}_${rand(B64URL, 40)}`;

const cases: Case[] = [
  {
    id: "figma-personal-access-token",
    finds: [
      [`FIGMA_TOKEN=${token}`, token],
      [`curl -H "X-Figma-Token: ${token}" https://api.figma.com/v1/me`, token],
    ],
    ignores: [
      `FIGMA_TOKEN=fig${"d"}_${rand(B64URL, 20)}`,
      `FIGMA_TOKEN=fig${"d"}_${"ab".repeat(20)}`,
    ],
  },
];

runCases(rules, cases);
