import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

const apiKey = rand(HEX, 32);
const appKey = rand(HEX, 40);

const cases: Case[] = [
  {
    id: "datadog-api-key",
    finds: [
      [`DD_API_KEY=${apiKey}`, apiKey],
      [`datadog_api_key: "${apiKey}"`, apiKey],
      [`curl -H "DD-API-KEY: ${apiKey}" https://api.datadoghq.com/api/v1/validate`, apiKey],
    ],
    ignores: [
      `API_KEY=${apiKey}`,
      `DD_API_KEY=${rand(HEX, 31)}`,
      `DATADOG_API_KEY=${"ab".repeat(16)}`,
      `"resolved": "https://registry.npmjs.org/datadog-lambda-js/-/datadog-lambda-js-1.0.0.tgz#${apiKey}"`,
    ],
  },
  {
    id: "datadog-application-key",
    finds: [
      [`DD_APP_KEY=${appKey}`, appKey],
      [`{"datadogApplicationKey": "${appKey}"}`, appKey],
      [`-H "DD-APPLICATION-KEY: ${appKey}"`, appKey],
    ],
    ignores: [`APP_KEY=${appKey}`, `DD_APP_KEY=${apiKey}`, `datadog_commit=${"0".repeat(40)}`],
  },
];

runCases(rules, cases);
