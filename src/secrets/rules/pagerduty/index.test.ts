import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const key = `${rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1)}${rand("abcdefghijklmnopqrstuvwxyz", 1)}${rand(`${ALNUM}_+-`, 18)}`;
const userToken = `u+${rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 2)}${rand("abcdefghijklmnopqrstuvwxyz", 2)}${rand(B64URL, 14)}`;
const routing = rand(ALNUM, 32);

const cases: Case[] = [
  {
    id: "pagerduty-api-key",
    finds: [
      [`PAGERDUTY_API_KEY=${key}`, key],
      [`{"pagerduty_token": "${userToken}"}`, userToken],
    ],
    ignores: [
      `API_KEY=${key}`,
      `PAGERDUTY_API_KEY=${rand(ALNUM, 32)}`,
      `PAGERDUTY_TOKEN=my-service-name-abcd`,
      `PAGERDUTY_INTEGRATION_KEY=${key}`,
    ],
  },
  {
    id: "pagerduty-integration-key",
    finds: [
      [`PAGERDUTY_INTEGRATION_KEY=${routing}`, routing],
      [`pagerduty_routing_key: "${routing}"`, routing],
    ],
    ignores: [
      `ROUTING_KEY=${routing}`,
      `PAGERDUTY_ROUTING_KEY=${rand(ALNUM, 20)}`,
      `PAGERDUTY_SERVICE_KEY=${"ab".repeat(16)}`,
    ],
  },
];

runCases(rules, cases);
