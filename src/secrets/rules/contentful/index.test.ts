import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const pat = `CFP${"AT"}-${rand(B64URL, 43)}`;
const delivery = rand(B64URL, 43);

const cases: Case[] = [
  {
    id: "contentful-personal-access-token",
    finds: [
      [`CONTENTFUL_MANAGEMENT_TOKEN=${pat}`, pat],
      [`const client = contentful.createClient({ accessToken: "${pat}" });`, pat],
    ],
    ignores: [
      `CONTENTFUL_MANAGEMENT_TOKEN=CFP${"AT"}-${rand(B64URL, 30)}`,
      `CONTENTFUL_MANAGEMENT_TOKEN=CFP${"AT"}-${"a".repeat(43)}`,
    ],
  },
  {
    id: "contentful-delivery-token",
    finds: [
      [`CONTENTFUL_DELIVERY_TOKEN=${delivery}`, delivery],
      [`{"contentfulAccessToken": "${delivery}"}`, delivery],
    ],
    ignores: [
      `DELIVERY_TOKEN=${delivery}`,
      `CONTENTFUL_SPACE_ID=${rand(ALNUM, 12)}`,
      `CONTENTFUL_DELIVERY_TOKEN=${rand(B64URL, 50)}`,
    ],
  },
];

runCases(rules, cases);
