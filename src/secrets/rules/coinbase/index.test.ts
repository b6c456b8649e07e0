import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const legacy = rand(ALNUM, 32);
const cdp = `${rand(`${ALNUM}+/`, 86)}==`;

const cases: Case[] = [
  {
    id: "coinbase-api-secret",
    finds: [
      [`COINBASE_API_SECRET=${legacy}`, legacy],
      [`{"coinbase_secret": "${cdp}"}`, cdp],
      [`coinbaseApiSecret: '${legacy}'`, legacy],
    ],
    ignores: [
      `COINBASE_API_KEY=${rand(ALNUM, 32)}`,
      `API_SECRET=${legacy}`,
      `COINBASE_API_SECRET=${rand(ALNUM, 20)}`,
      `COINBASE_API_SECRET=${"ab12".repeat(8)}`,
    ],
  },
];

runCases(rules, cases);
