import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `n` random characters of `alphabet`, never one the placeholder filter would drop. */
function rand(alphabet: string, n: number): string {
  for (;;) {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
    if (!isPlaceholder(s)) return s;
  }
}

/** Each rule: texts it finds (with the secret it must report) and texts it must ignore. */
interface Case {
  id: string;
  finds: [text: string, secret: string][];
  ignores: string[];
}

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

for (const c of cases) {
  describe(c.id, () => {
    const rule = rules.find((r) => r.meta.id === c.id);
    it("is one of this family's rules", () => assert.ok(rule));
    for (const [text, secret] of c.finds) {
      it(`finds ${JSON.stringify(text.replace(secret, "<secret>"))}`, () => {
        assert.ok(ruleFinds(rule!, text));
        assert.deepEqual(
          ruleCandidates(rule!, text).map((x) => x.secret),
          [secret],
        );
      });
    }
    for (const text of c.ignores) {
      it(`ignores ${JSON.stringify(text.slice(0, 80))}`, () => {
        assert.equal(ruleFinds(rule!, text), false);
      });
    }
  });
}

it("has cases for every rule of the family", () => {
  assert.deepEqual(cases.map((c) => c.id).sort(), rules.map((r) => r.meta.id).sort());
});
