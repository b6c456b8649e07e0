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

const key = `lin_${"api"}_${rand(ALNUM, 40)}`;
const oauth = `lin_${"oauth"}_${rand(HEX, 64)}`;

const cases: Case[] = [
  {
    id: "linear-api-key",
    finds: [
      [`LINEAR_API_KEY=${key}`, key],
      [`const linear = new LinearClient({ apiKey: "${key}" });`, key],
    ],
    ignores: [
      `LINEAR_API_KEY=lin_${"api"}_${rand(ALNUM, 30)}`,
      `LINEAR_API_KEY=lin_${"api"}_${"x".repeat(40)}`,
      `LINEAR_API_KEY=lin_${"api"}_${"0".repeat(40)}`,
    ],
  },
  {
    id: "linear-oauth-token",
    finds: [
      [`LINEAR_ACCESS_TOKEN=${oauth}`, oauth],
      [`{"access_token": "${oauth}", "token_type": "Bearer"}`, oauth],
    ],
    ignores: [
      `LINEAR_ACCESS_TOKEN=lin_${"oauth"}_${rand(HEX, 40)}`,
      `LINEAR_ACCESS_TOKEN=lin_${"oauth"}_${rand(ALNUM, 64).replace(/[0-9a-f]/g, "Q")}`,
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
