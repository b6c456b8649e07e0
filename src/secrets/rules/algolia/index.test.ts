import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

const key = rand(HEX, 32);

const cases: Case[] = [
  {
    id: "algolia-admin-api-key",
    finds: [
      [`ALGOLIA_ADMIN_API_KEY=${key}`, key],
      [`const client = algoliasearch(appId, "${key}"); const algoliaAdminKey = "${key}";`, key],
      [`{"algolia_write_key": "${key}"}`, key],
    ],
    ignores: [
      `ALGOLIA_SEARCH_API_KEY=${key}`,
      `ADMIN_API_KEY=${key}`,
      `ALGOLIA_ADMIN_API_KEY=${rand(HEX, 24)}`,
    ],
  },
];

runCases(rules, cases);
