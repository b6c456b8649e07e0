import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function key(): string {
  for (;;) {
    const s = rand(ALNUM, 40);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}
const k = key();

const cases: Case[] = [
  {
    id: "cohere-api-key",
    finds: [
      [`CO_API_KEY=${k}`, k],
      [`co = cohere.ClientV2(); cohere_api_key = "${k}"`, k],
      [`{"cohereApiKey": "${k}"}`, k],
    ],
    ignores: [
      `API_KEY=${k}`,
      `COHERE_API_KEY=${rand(ALNUM, 32)}`,
      `COHERE_MODEL=${"command".repeat(5)}abcde`,
    ],
  },
];

runCases(rules, cases);
