import { randomInt } from "node:crypto";
import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

const DIGITS = "0123456789";
const num = (n: number): string => String(1 + randomInt(9)) + rand(DIGITS, n - 1);
const v1 = `1/${num(16)}:${rand(HEX, 32)}`;
const v2 = `2/${num(16)}/${num(16)}:${rand(HEX, 32)}`;
const v0 = `0/${rand(HEX, 32)}`;

const cases: Case[] = [
  {
    id: "asana-personal-access-token",
    finds: [
      [`ASANA_ACCESS_TOKEN=${v1}`, v1],
      [`client = asana.Client.access_token("${v2}")`, v2],
      [`asana_pat: "${v0}"`, v0],
    ],
    ignores: [
      `ACCESS_TOKEN=${v2}`,
      `ASANA_ACCESS_TOKEN=1/${num(16)}:${rand(HEX, 20)}`,
      `asana project path: src/1/${num(16)}`,
    ],
  },
];

runCases(rules, cases);
