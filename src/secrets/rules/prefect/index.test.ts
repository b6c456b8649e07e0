import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const user = `pn${"u"}_${rand(ALNUM, 36)}`;
const bot = `pn${"b"}_${rand(ALNUM, 36)}`;

const cases: Case[] = [
  {
    id: "prefect-api-key",
    finds: [
      [`PREFECT_API_KEY=${user}`, user],
      [`prefect cloud login --key ${bot}`, bot],
    ],
    ignores: [
      `PREFECT_API_KEY=pn${"u"}_${rand(ALNUM, 20)}`,
      `PREFECT_API_KEY=pn${"x"}_${rand(ALNUM, 36)}`,
    ],
  },
];

runCases(rules, cases);
