import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function key(): string {
  for (;;) {
    const s = rand(ALNUM, 40);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}
const token = key();

const cases: Case[] = [
  {
    id: "zendesk-api-token",
    finds: [
      [`ZENDESK_API_TOKEN=${token}`, token],
      [`zendesk_token: "${token}"`, token],
    ],
    ignores: [
      `API_TOKEN=${token}`,
      `ZENDESK_API_TOKEN=${rand(ALNUM, 32)}`,
      `ZENDESK_API_TOKEN=${rand(HEX, 40).replace(/[0-9]/g, "a")}`,
    ],
  },
];

runCases(rules, cases);
