import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const UPPER = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const user = `NR${"AK"}-${rand(UPPER, 27)}`;
const license = `${rand(HEX, 36)}NR${"AL"}`;
const insert = `NR${"II"}-${rand(B64URL, 32)}`;
const query = `NR${"IQ"}-${rand(B64URL, 32)}`;
const browser = `NR${"JS"}-${rand(HEX, 19)}`;

const cases: Case[] = [
  {
    id: "newrelic-user-api-key",
    finds: [
      [`NEW_RELIC_API_KEY=${user}`, user],
      [`curl -H "API-Key: ${user}" https://api.newrelic.com/graphql`, user],
    ],
    ignores: [
      `NEW_RELIC_API_KEY=NR${"AK"}-${rand(UPPER, 20)}`,
      `NEW_RELIC_API_KEY=NR${"AK"}-${rand(UPPER, 27).toLowerCase()}x`,
    ],
  },
  {
    id: "newrelic-license-key",
    finds: [
      [`NEW_RELIC_LICENSE_KEY=${license}`, license],
      [`common: &default_settings\n  license_key: '${license}'`, license],
    ],
    ignores: [
      `NEW_RELIC_LICENSE_KEY=${rand(HEX, 40)}`,
      `NEW_RELIC_LICENSE_KEY=${rand(HEX, 30)}NR${"AL"}`,
    ],
  },
  {
    id: "newrelic-insert-key",
    finds: [
      [`NEW_RELIC_INSERT_KEY=${insert}`, insert],
      [`{"X-Insert-Key": "${insert}"}`, insert],
    ],
    ignores: [
      `NEW_RELIC_INSERT_KEY=NR${"II"}-${rand(B64URL, 16)}`,
      `NEW_RELIC_INSERT_KEY=NR${"II"}-${rand(B64URL, 40)}`,
    ],
  },
  {
    id: "newrelic-insights-query-key",
    finds: [
      [`NEW_RELIC_QUERY_KEY=${query}`, query],
      [`X-Query-Key: ${query}`, query],
    ],
    ignores: [`NEW_RELIC_QUERY_KEY=NR${"IQ"}-short`, `NEW_RELIC_QUERY_KEY=${insert}`],
  },
  {
    id: "newrelic-browser-key",
    finds: [
      [`NREUM.loader_config={licenseKey:"${browser}",applicationID:"1"}`, browser],
      [`NEW_RELIC_BROWSER_KEY=${browser}`, browser],
    ],
    ignores: [
      `NEW_RELIC_BROWSER_KEY=NR${"JS"}-${rand(HEX, 12)}`,
      `NEW_RELIC_BROWSER_KEY=NR${"JS"}-${rand(HEX, 25)}`,
    ],
  },
];

runCases(rules, cases);
