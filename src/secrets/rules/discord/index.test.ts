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
const snowflake = String(1 + randomInt(9)) + rand(DIGITS, 17);
const botToken = `${Buffer.from(snowflake).toString("base64url")}.${rand(B64URL, 6)}.${rand(B64URL, 38)}`;
const oldBotToken = `${Buffer.from(snowflake).toString("base64url")}.${rand(B64URL, 6)}.${rand(B64URL, 27)}`;
const notId = `${Buffer.from(`n${rand(ALNUM, 17)}`).toString("base64url")}.${rand(B64URL, 6)}.${rand(B64URL, 38)}`;
const HOOK = "https://discord" + ".com/api/webhooks/";
const webhook = `${HOOK}${snowflake}/${rand(B64URL, 68)}`;
const webhookV10 = `https://discordapp.com/api/v10/${"webhooks"}/${snowflake}/${rand(B64URL, 68)}`;

const cases: Case[] = [
  {
    id: "discord-bot-token",
    finds: [
      [`DISCORD_BOT_TOKEN=${botToken}`, botToken],
      [`# discord bot\nclient.login("${oldBotToken}");`, oldBotToken],
    ],
    ignores: [
      `DISCORD_BOT_TOKEN=${notId}`,
      `client.login("${botToken}");`,
      `DISCORD_BOT_TOKEN=${botToken.slice(0, -20)}`,
    ],
  },
  {
    id: "discord-webhook-url",
    finds: [
      [`DISCORD_WEBHOOK=${webhook}`, webhook],
      [`webhook_url: "${webhookV10}"`, webhookV10],
    ],
    ignores: [
      `${HOOK}${snowflake}/${rand(B64URL, 20)}`,
      `${HOOK}not-a-number/${rand(B64URL, 68)}`,
      `https://example.com/api/webhooks/${snowflake}/${rand(B64URL, 68)}`,
      `${HOOK}${snowflake}/${"a".repeat(68)}`,
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
