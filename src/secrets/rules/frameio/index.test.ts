import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const token = `fio-${"u"}-${rand(B64URL, 64)}`;

const cases: Case[] = [
  {
    id: "frameio-api-token",
    finds: [
      [`FRAMEIO_TOKEN=${token}`, token],
      [`{"frameio": {"token": "${token}"}}`, token],
    ],
    ignores: [
      `FRAMEIO_TOKEN=fio-${"u"}-${rand(B64URL, 40)}`,
      `FRAMEIO_TOKEN=fio-${"u"}-${"a".repeat(64)}`,
    ],
  },
];

runCases(rules, cases);
