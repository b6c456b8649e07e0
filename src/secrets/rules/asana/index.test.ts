import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

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

const DIGITS = "0123456789";
const num = (n: number): string => String(1 + randomInt(9)) + rand(DIGITS, n - 1);
const v1 = `1/${num(16)}:${rand(HEX, 32)}`;
const v2 = `2/${num(16)}/${num(16)}:${rand(HEX, 32)}`;
const v0 = `0/${rand(HEX, 32)}`;

const cases: Case[] = [
  {
    id: "asana-personal-access-token",
    finds: [
      [`ASANA_ACCESS_TOKEN=${v1}`, v1],
      [`client = asana.Client.access_token("${v2}")`, v2],
      [`asana_pat: "${v0}"`, v0],
    ],
    ignores: [
      `ACCESS_TOKEN=${v2}`,
      `ASANA_ACCESS_TOKEN=1/${num(16)}:${rand(HEX, 20)}`,
      `asana project path: src/1/${num(16)}`,
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
