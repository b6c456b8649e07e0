import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const B64 = `${ALNUM}+/`;
const key = `AQE${rand(B64, 90)}==-${rand(B64, 40)}=`;

const cases: Case[] = [
  {
    id: "adyen-api-key",
    finds: [
      [`ADYEN_API_KEY=${key}`, key],
      [`adyen_api_key: "${key}"\n`, key],
      [`const adyenConfig = { apiKey: '${key}', environment: "LIVE" };`, key],
    ],
    ignores: [
      `API_KEY=${key}`,
      `ADYEN_API_KEY=AQE${rand(B64, 20)}`,
      `ADYEN_API_KEY=${"aqe" + rand(B64, 90)}`,
    ],
  },
];

runCases(rules, cases);
