import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const secret = rand(B64URL, 64);

const cases: Case[] = [
  {
    id: "auth0-client-secret",
    finds: [
      [`AUTH0_CLIENT_SECRET=${secret}`, secret],
      [`{"auth0ClientSecret": "${secret}"}`, secret],
    ],
    ignores: [
      `AUTH0_CLIENT_ID=${rand(ALNUM, 32)}`,
      `CLIENT_SECRET=${secret}`,
      `AUTH0_CLIENT_SECRET=${rand(B64URL, 40)}`,
    ],
  },
];

runCases(rules, cases);
