import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const UPPERHEX = "0123456789ABCDEF";
const api = `ATA${"TT3"}xFfGF0${rand(B64URL, 171)}=${rand(UPPERHEX, 8)}`;
const admin = `ATC${"TT3"}xFfGF0${rand(B64URL, 171)}=${rand(ALNUM, 8)}`;

const cases: Case[] = [
  {
    id: "atlassian-api-token",
    finds: [
      [`JIRA_API_TOKEN=${api}`, api],
      [`confluence:\n  token: "${api}"`, api],
    ],
    ignores: [
      `JIRA_API_TOKEN=ATA${"TT3"}xFfGF0${rand(B64URL, 40)}=${rand(UPPERHEX, 8)}`,
      `JIRA_API_TOKEN=ATA${"TT3"}xFfGF0${rand(B64URL, 171)}`,
      `JIRA_API_TOKEN=${admin}`,
    ],
  },
  {
    id: "atlassian-admin-api-key",
    finds: [
      [`ATLASSIAN_ADMIN_KEY=${admin}`, admin],
      [`curl -H "Authorization: Bearer ${admin}" https://api.atlassian.com/admin/v1/orgs`, admin],
    ],
    ignores: [
      `ATLASSIAN_ADMIN_KEY=ATC${"TT3"}${rand(B64URL, 10)}=${rand(ALNUM, 8)}`,
      `ATLASSIAN_ADMIN_KEY=${api}`,
    ],
  },
];

runCases(rules, cases);
