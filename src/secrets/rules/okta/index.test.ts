import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const token = `00${rand(B64URL, 40)}`;

const cases: Case[] = [
  {
    id: "okta-api-token",
    finds: [
      [`OKTA_API_TOKEN=${token}`, token],
      [`curl -H "Authorization: SSWS ${token}" https://acme.okta.com/api/v1/users`, token],
      [`okta.client.token: "${token}"`, token],
    ],
    ignores: [
      `API_TOKEN=${token}`,
      `OKTA_API_TOKEN=00${rand(B64URL, 30)}`,
      `OKTA_API_TOKEN=11${rand(B64URL, 40)}`,
    ],
  },
];

runCases(rules, cases);
