import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

const uuid = (): string =>
  [rand(HEX, 8), rand(HEX, 4), rand(HEX, 4), rand(HEX, 4), rand(HEX, 12)].join("-");
const token = uuid();

const cases: Case[] = [
  {
    id: "postmark-api-token",
    finds: [
      [`POSTMARK_SERVER_TOKEN=${token}`, token],
      [`curl -H "X-Postmark-Server-Token: ${token}" https://api.postmarkapp.com/email`, token],
      [`{"postmarkApiToken": "${token}"}`, token],
    ],
    ignores: [
      `SERVER_TOKEN=${token}`,
      `POSTMARK_SERVER_TOKEN=${token.slice(0, 30)}`,
      `POSTMARK_SERVER_TOKEN=00000000-0000-0000-0000-000000000000`,
    ],
  },
];

runCases(rules, cases);
