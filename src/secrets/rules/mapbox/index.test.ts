import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const payload = Buffer.from(JSON.stringify({ u: "acme", a: rand(ALNUM, 25) })).toString(
  "base64url",
);
const secret = `s${"k"}.${payload}.${rand(B64URL, 22)}`;
const notJson = `s${"k"}.eyJ${rand(ALNUM, 60)}.${rand(B64URL, 22)}`;

const cases: Case[] = [
  {
    id: "mapbox-secret-token",
    finds: [
      [`MAPBOX_SECRET_TOKEN=${secret}`, secret],
      [`mapbox:\n  downloads_token: "${secret}"`, secret],
    ],
    ignores: [
      `MAPBOX_PUBLIC_TOKEN=p${"k"}.${payload}.${rand(B64URL, 22)}`,
      `MAPBOX_SECRET_TOKEN=${notJson}`,
      `MAPBOX_SECRET_TOKEN=s${"k"}.${payload}`,
    ],
  },
];

runCases(rules, cases);
