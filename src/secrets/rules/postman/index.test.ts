import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

const key = `PM${"AK"}-${rand(HEX, 24)}-${rand(HEX, 34)}`;

const cases: Case[] = [
  {
    id: "postman-api-key",
    finds: [
      [`POSTMAN_API_KEY=${key}`, key],
      [`curl -H "X-Api-Key: ${key}" https://api.getpostman.com/me`, key],
    ],
    ignores: [
      `POSTMAN_API_KEY=PM${"AK"}-${rand(HEX, 24)}-${rand(HEX, 20)}`,
      `POSTMAN_API_KEY=PM${"AK"}-${rand(HEX, 58)}`,
    ],
  },
];

runCases(rules, cases);
