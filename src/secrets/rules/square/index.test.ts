import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const ATP = "sq0" + "atp-";
const CSP = "sq0" + "csp-";

const token = ATP + rand(B64URL, 22);
const secret = CSP + rand(B64URL, 43);
const eaaa = "EAAA" + rand(B64URL, 60);

const cases: Case[] = [
  {
    id: "square-access-token",
    finds: [
      [`SQUARE_ACCESS_TOKEN=${token}`, token],
      [`square:\n  access_token: "${token}"`, token],
    ],
    ignores: [
      `SQUARE_ACCESS_TOKEN=${ATP}${rand(B64URL, 21)}`,
      `SQUARE_ACCESS_TOKEN=${ATP}${rand(B64URL, 30)}`,
    ],
  },
  {
    id: "square-oauth-secret",
    finds: [
      [`SQUARE_APPLICATION_SECRET=${secret}`, secret],
      [`{"squareSecret": "${secret}"}`, secret],
    ],
    ignores: [
      `SQUARE_APPLICATION_SECRET=${CSP}${rand(B64URL, 40)}`,
      `SECRET=${ATP}${rand(B64URL, 43)}`,
    ],
  },
  {
    id: "square-eaaa-access-token",
    finds: [
      [`SQUARE_ACCESS_TOKEN=${eaaa}`, eaaa],
      [`const client = new square.Client({ accessToken: "${eaaa}" });`, eaaa],
    ],
    ignores: [
      `FACEBOOK_TOKEN=${eaaa}`,
      `SQUARE_ACCESS_TOKEN=${"eaaa" + rand(B64URL, 60)}`,
      `SQUARE_ACCESS_TOKEN=EAAA${rand(B64URL, 50)}`,
      `square\nACCESS_TOKEN=${eaaa}`,
    ],
  },
];

runCases(rules, cases);
