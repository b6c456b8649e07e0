import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

const uuid = (): string =>
  [rand(HEX, 8), rand(HEX, 4), rand(HEX, 4), rand(HEX, 4), rand(HEX, 12)].join("-");
const api = `ap${"i"}-${uuid()}`;
const sdk = `sd${"k"}-${uuid()}`;

const cases: Case[] = [
  {
    id: "launchdarkly-access-token",
    finds: [
      [`LAUNCHDARKLY_ACCESS_TOKEN=${api}`, api],
      [`LD_API_KEY: "${api}"`, api],
    ],
    ignores: [
      `ACCESS_TOKEN=${api}`,
      `LAUNCHDARKLY_ACCESS_TOKEN=${uuid()}`,
      `LAUNCHDARKLY_ACCESS_TOKEN=API-${uuid()}`,
      `LAUNCHDARKLY_ACCESS_TOKEN=ap${"i"}-00000000-0000-0000-0000-000000000000`,
    ],
  },
  {
    id: "launchdarkly-sdk-key",
    finds: [
      [`LD_SDK_KEY=${sdk}`, sdk],
      [`launchdarkly_client.set_config(Config("${sdk}"))`, sdk],
    ],
    ignores: [
      `SDK_KEY=${sdk}`,
      `LAUNCHDARKLY_MOBILE_KEY=mob-${uuid()}`,
      `LAUNCHDARKLY_SDK_KEY=${api}`,
    ],
  },
];

runCases(rules, cases);
