import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const SG = "S" + "G.";
const key = `${SG}${rand(B64URL, 22)}.${rand(B64URL, 43)}`;

const cases: Case[] = [
  {
    id: "sendgrid-api-key",
    finds: [
      [`SENDGRID_API_KEY=${key}`, key],
      [`sg = SendGridAPIClient("${key}")`, key],
    ],
    ignores: [
      `SENDGRID_API_KEY=${SG}${rand(B64URL, 22)}.${rand(B64URL, 20)}`,
      `SENDGRID_API_KEY=${SG}${"a".repeat(22)}.${"b".repeat(43)}`,
      `msg.${rand(B64URL, 22)}.${rand(B64URL, 43)}`,
    ],
  },
];

runCases(rules, cases);
