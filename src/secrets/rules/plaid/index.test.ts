import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

const uuid = (): string =>
  [rand(HEX, 8), rand(HEX, 4), rand(HEX, 4), rand(HEX, 4), rand(HEX, 12)].join("-");
const secret = rand(HEX, 30);
const production = `access-${"production"}-${uuid()}`;
const development = `access-${"development"}-${uuid()}`;

const cases: Case[] = [
  {
    id: "plaid-secret",
    finds: [
      [`PLAID_SECRET=${secret}`, secret],
      [`{"plaid_secret_production": "${secret}"}`, secret],
    ],
    ignores: [
      `PLAID_CLIENT_ID=${rand(HEX, 24)}`,
      `SECRET=${secret}`,
      `PLAID_SECRET=${rand(HEX, 32)}`,
    ],
  },
  {
    id: "plaid-access-token",
    finds: [
      [`PLAID_ACCESS_TOKEN=${production}`, production],
      [`access_token: "${development}"`, development],
    ],
    ignores: [
      `PLAID_ACCESS_TOKEN=access-sandbox-${uuid()}`,
      `PLAID_ACCESS_TOKEN=access-production-${rand(HEX, 32)}`,
    ],
  },
];

runCases(rules, cases);
