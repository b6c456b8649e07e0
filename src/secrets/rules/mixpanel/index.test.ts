import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

const secret = rand(HEX, 32);

const cases: Case[] = [
  {
    id: "mixpanel-api-secret",
    finds: [
      [`MIXPANEL_API_SECRET=${secret}`, secret],
      [`{"mixpanel_secret": "${secret}"}`, secret],
    ],
    ignores: [
      `MIXPANEL_TOKEN=${secret}`,
      `API_SECRET=${secret}`,
      `MIXPANEL_API_SECRET=${rand(HEX, 24)}`,
    ],
  },
];

runCases(rules, cases);
