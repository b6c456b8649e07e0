import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const token = `sg${"p"}_${rand(ALNUM, 64)}`;

const cases: Case[] = [
  {
    id: "segment-public-api-token",
    finds: [
      [`SEGMENT_API_TOKEN=${token}`, token],
      [`curl -H "Authorization: Bearer ${token}" https://api.segmentapis.com/`, token],
    ],
    ignores: [
      `SEGMENT_API_TOKEN=sg${"p"}_${rand(ALNUM, 40)}`,
      `SEGMENT_WRITE_KEY=${rand(ALNUM, 32)}`,
    ],
  },
];

runCases(rules, cases);
