import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

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
