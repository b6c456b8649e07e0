import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const short = `s${"l"}.${rand(B64URL, 138)}`;
const shortU = `s${"l"}.u.${rand(B64URL, 1200)}`;
const longLived = `${rand(ALNUM, 11)}AAAAAAAAAA${rand(B64URL, 43)}`;

const cases: Case[] = [
  {
    id: "dropbox-short-lived-token",
    finds: [
      [`DROPBOX_ACCESS_TOKEN=${short}`, short],
      [`dbx = dropbox.Dropbox("${shortU}")`, shortU],
    ],
    ignores: [
      `DROPBOX_ACCESS_TOKEN=s${"l"}.${rand(B64URL, 60)}`,
      `openssl.${rand(B64URL, 140)}`,
      `DROPBOX_ACCESS_TOKEN=s${"l"}.${"A".repeat(140)}`,
    ],
  },
  {
    id: "dropbox-long-lived-token",
    finds: [
      [`DROPBOX_ACCESS_TOKEN=${longLived}`, longLived],
      [`{"dropbox_token": "${longLived}"}`, longLived],
    ],
    ignores: [
      `ACCESS_TOKEN=${longLived}`,
      `DROPBOX_ACCESS_TOKEN=${rand(ALNUM, 11)}BBBBBBBBBB${rand(B64URL, 43)}`,
      `DROPBOX_ACCESS_TOKEN=${rand(ALNUM, 11)}AAAAAAAAAA${rand(B64URL, 20)}`,
    ],
  },
];

runCases(rules, cases);
