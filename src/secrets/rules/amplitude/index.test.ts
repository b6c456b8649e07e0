import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

const secret = rand(HEX, 32);

const cases: Case[] = [
  {
    id: "amplitude-secret-key",
    finds: [
      [`AMPLITUDE_SECRET_KEY=${secret}`, secret],
      [`amplitude_secret: '${secret}'`, secret],
    ],
    ignores: [
      `AMPLITUDE_API_KEY=${secret}`,
      `SECRET_KEY=${secret}`,
      `AMPLITUDE_SECRET_KEY=${"0a".repeat(16)}`,
    ],
  },
];

runCases(rules, cases);
