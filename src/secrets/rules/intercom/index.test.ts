import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const token = `dG9rOj${rand(`${ALNUM}+/`, 53)}=`;

const cases: Case[] = [
  {
    id: "intercom-access-token",
    finds: [
      [`INTERCOM_ACCESS_TOKEN=${token}`, token],
      [`const intercomToken = "${token}";`, token],
    ],
    ignores: [
      `ACCESS_TOKEN=${token}`,
      `INTERCOM_ACCESS_TOKEN=${rand(ALNUM, 40)}`,
      `INTERCOM_APP_ID=${rand(ALNUM, 8)}`,
    ],
  },
];

runCases(rules, cases);
