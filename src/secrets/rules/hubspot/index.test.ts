import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

const uuid = (): string =>
  [rand(HEX, 8), rand(HEX, 4), rand(HEX, 4), rand(HEX, 4), rand(HEX, 12)].join("-");
const pat = `pa${"t"}-na1-${uuid()}`;
const patEu = `pa${"t"}-eu1-${uuid()}`;
const apiKey = uuid();

const cases: Case[] = [
  {
    id: "hubspot-private-app-token",
    finds: [
      [`HUBSPOT_ACCESS_TOKEN=${pat}`, pat],
      [`const hubspotClient = new hubspot.Client({ accessToken: "${patEu}" });`, patEu],
    ],
    ignores: [
      `HUBSPOT_ACCESS_TOKEN=pa${"t"}-na1-${rand(HEX, 32)}`,
      `HUBSPOT_ACCESS_TOKEN=pa${"t"}-xx1-${uuid()}`,
    ],
  },
  {
    id: "hubspot-api-key",
    finds: [
      [`HUBSPOT_API_KEY=${apiKey}`, apiKey],
      [`https://api.hubapi.com/contacts/v1/lists/all?hapikey=${apiKey}`, apiKey],
    ],
    ignores: [
      `API_KEY=${apiKey}`,
      `HUBSPOT_PORTAL_ID=${rand("0123456789", 8)}`,
      `HUBSPOT_API_KEY=${uuid().slice(0, 20)}`,
    ],
  },
];

runCases(rules, cases);
