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

const DIGITS = "0123456789";
const token = `${String(1 + randomInt(9))}${rand(DIGITS, 9)}:AA${rand(B64URL, 33)}`;

const cases: Case[] = [
  {
    id: "telegram-bot-token",
    finds: [
      [`TELEGRAM_BOT_TOKEN=${token}`, token],
      [`curl https://api.telegram.org/bot${token}/sendMessage -d chat_id=1`, token],
      [`bot_token: "${token}"`, token],
    ],
    ignores: [
      `TOKEN=${token}`,
      `TELEGRAM_BOT_TOKEN=${token.replace(":AA", ":BB")}`,
      `TELEGRAM_BOT_TOKEN=${token.slice(0, -5)}`,
      `TELEGRAM_BOT_TOKEN=${token.replace(":AA", ":aa")}`,
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
