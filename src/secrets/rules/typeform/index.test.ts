import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const token = `tf${"p"}_${rand(B64URL, 44)}_${rand(ALNUM, 14)}`;

const cases: Case[] = [
  {
    id: "typeform-personal-access-token",
    finds: [
      [`TYPEFORM_TOKEN=${token}`, token],
      [`headers: { Authorization: "Bearer ${token}" }`, token],
    ],
    ignores: [
      `TYPEFORM_TOKEN=tf${"p"}_${rand(B64URL, 30)}`,
      `TYPEFORM_TOKEN=tf${"p"}_${"ab".repeat(30)}`,
    ],
  },
];

runCases(rules, cases);
