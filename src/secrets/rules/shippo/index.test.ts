import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const live = `shippo_${"live"}_${rand(HEX, 40)}`;
const test = `shippo_${"test"}_${rand(HEX, 40)}`;

const cases: Case[] = [
  {
    id: "shippo-live-api-token",
    finds: [
      [`SHIPPO_API_KEY=${live}`, live],
      [`shippo_sdk = Shippo(api_key_header="ShippoToken ${live}")`, live],
    ],
    ignores: [`SHIPPO_API_KEY=shippo_${"live"}_${rand(HEX, 30)}`, `SHIPPO_API_KEY=${test}`],
  },
  {
    id: "shippo-test-api-token",
    finds: [
      [`SHIPPO_API_KEY=${test}`, test],
      [`{"shippo": "${test}"}`, test],
    ],
    ignores: [
      `SHIPPO_API_KEY=shippo_${"test"}_${rand(ALNUM, 40).replace(/[0-9a-fA-F]/g, "z")}`,
      `SHIPPO_API_KEY=${live}`,
    ],
  },
];

runCases(rules, cases);
