import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const tok = (kind: string): string => `shp${kind}_${rand(HEX, 32)}`;
const [at, ca, pa, ss] = [tok("at"), tok("ca"), tok("pa"), tok("ss")];

const cases: Case[] = [
  {
    id: "shopify-access-token",
    finds: [
      [`SHOPIFY_ACCESS_TOKEN=${at}`, at],
      [`headers: { "X-Shopify-Access-Token": "${at}" }`, at],
    ],
    ignores: [
      `SHOPIFY_ACCESS_TOKEN=shp${"at"}_${rand(HEX, 31)}`,
      `SHOPIFY_ACCESS_TOKEN=shp${"at"}_${rand(ALNUM, 32).replace(/[0-9a-f]/g, "Z")}`,
    ],
  },
  {
    id: "shopify-custom-app-access-token",
    finds: [
      [`SHOPIFY_TOKEN=${ca}`, ca],
      [`shopify:\n  token: '${ca}'`, ca],
    ],
    ignores: [
      `SHOPIFY_TOKEN=shp${"ca"}_${rand(HEX, 30)}`,
      `SHOPIFY_TOKEN=shp${"ca"}_${"0".repeat(32)}`,
    ],
  },
  {
    id: "shopify-private-app-access-token",
    finds: [
      [`SHOPIFY_PASSWORD=${pa}`, pa],
      [`{"password": "${pa}"}`, pa],
    ],
    ignores: [`SHOPIFY_PASSWORD=shp${"pa"}_${rand(HEX, 33)}`, `SHOPIFY_PASSWORD=${rand(HEX, 32)}`],
  },
  {
    id: "shopify-shared-secret",
    finds: [
      [`SHOPIFY_API_SECRET=${ss}`, ss],
      [`shopify_app:\n  shared_secret: "${ss}"`, ss],
    ],
    ignores: [
      `SHOPIFY_API_SECRET=shp${"ss"}_${rand(HEX, 16)}`,
      `SHOPIFY_API_SECRET=shp${"ss"}_${"x".repeat(32)}`,
    ],
  },
];

runCases(rules, cases);
