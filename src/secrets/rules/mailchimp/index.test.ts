import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

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

const key = `${rand(HEX, 32)}-us${1 + randomInt(21)}`;
const mandrill = rand(B64URL, 22);

const cases: Case[] = [
  {
    id: "mailchimp-api-key",
    finds: [
      [`MAILCHIMP_API_KEY=${key}`, key],
      [`mailchimp.setConfig({ apiKey: "${key}", server: "us6" });`, key],
    ],
    ignores: [
      `MAILCHIMP_API_KEY=${rand(HEX, 32)}`,
      `MAILCHIMP_API_KEY=${rand(HEX, 30)}-us6`,
      `MAILCHIMP_API_KEY=${"0".repeat(32)}-us6`,
      `locale=${rand(HEX, 32)}-usa`,
    ],
  },
  {
    id: "mandrill-api-key",
    finds: [
      [`MANDRILL_API_KEY=${mandrill}`, mandrill],
      [`mandrill_client = mailchimp_transactional.Client(); mandrillKey = '${mandrill}'`, mandrill],
    ],
    ignores: [
      `API_KEY=${mandrill}`,
      `MANDRILL_API_KEY=${rand(B64URL, 30)}`,
      `MANDRILL_TEMPLATE=welcome_email_template`,
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
