import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const pat = `pa${"t"}${rand(ALNUM, 14)}.${rand(HEX, 64)}`;

const cases: Case[] = [
  {
    id: "airtable-personal-access-token",
    finds: [
      [`AIRTABLE_API_KEY=${pat}`, pat],
      [`const base = new Airtable({ apiKey: "${pat}" }).base("app1");`, pat],
    ],
    ignores: [
      `TOKEN=${pat}`,
      `AIRTABLE_API_KEY=pa${"t"}${rand(ALNUM, 14)}.${rand(HEX, 40)}`,
      `AIRTABLE_API_KEY=key${rand(ALNUM, 14)}`,
    ],
  },
];

runCases(rules, cases);
