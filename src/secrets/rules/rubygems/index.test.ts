import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const key = `rubygems_${rand(HEX, 48)}`;

const cases: Case[] = [
  {
    id: "rubygems-api-key",
    finds: [
      [`---\n:rubygems_api_key: ${key}\n`, key],
      [`GEM_HOST_API_KEY=${key}`, key],
    ],
    ignores: [
      `GEM_HOST_API_KEY=rubygems_${"0".repeat(48)}`,
      `GEM_HOST_API_KEY=rubygems_${rand(HEX, 40)}`,
      `GEM_HOST_API_KEY=rubygems_${rand(ALNUM, 48).replace(/[0-9a-f]/g, "Z")}`,
    ],
  },
];

runCases(rules, cases);
