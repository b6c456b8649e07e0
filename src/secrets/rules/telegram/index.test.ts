import { randomInt } from "node:crypto";
import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

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

runCases(rules, cases);
