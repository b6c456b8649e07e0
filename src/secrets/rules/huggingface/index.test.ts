import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

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

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function letters(n: number): string {
  for (;;) {
    const s = rand(LETTERS, n);
    if (/[a-z]/.test(s) && /[A-Z]{2}/.test(s)) return s;
  }
}
const token = `h${"f"}_${letters(34)}`;
const org = `api_${"org"}_${letters(34)}`;

const cases: Case[] = [
  {
    id: "huggingface-access-token",
    finds: [
      [`HF_TOKEN=${token}`, token],
      [`login(token="${token}")`, token],
    ],
    ignores: [
      `model = "h${"f"}_${"abcdefghijklmnopqrstuvwxyzabcdefgh"}"`,
      `HF_TOKEN=h${"f"}_${letters(20)}`,
      `HF_TOKEN=h${"f"}_${letters(30)}1234`,
      `const h${"f"}_ThisIsMyVeryOwnModelNameForTheDemo = 1;`,
    ],
  },
  {
    id: "huggingface-organization-token",
    finds: [
      [`HF_ORG_TOKEN=${org}`, org],
      [`{"token": "${org}"}`, org],
    ],
    ignores: [
      `HF_ORG_TOKEN=api_${"org"}_${letters(20)}`,
      `x = api_${"org"}_${"settings_loader_for_the_main_page"}x`,
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
