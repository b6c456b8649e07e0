import { randomInt } from "node:crypto";
import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

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

runCases(rules, cases);
