import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const prod = `EZ${"AK"}${rand(ALNUM, 54)}`;
const test = `EZ${"TK"}${rand(ALNUM, 54)}`;

const cases: Case[] = [
  {
    id: "easypost-production-api-key",
    finds: [
      [`EASYPOST_API_KEY=${prod}`, prod],
      [`client = easypost.EasyPostClient("${prod}")`, prod],
    ],
    ignores: [`EASYPOST_API_KEY=EZ${"AK"}${rand(ALNUM, 40)}`, `EASYPOST_API_KEY=${test}`],
  },
  {
    id: "easypost-test-api-key",
    finds: [
      [`EASYPOST_TEST_API_KEY=${test}`, test],
      [`{"easypost": "${test}"}`, test],
    ],
    ignores: [`EASYPOST_TEST_API_KEY=EZ${"TK"}${rand(ALNUM, 60)}`, `EASYPOST_API_KEY=${prod}`],
  },
];

runCases(rules, cases);
