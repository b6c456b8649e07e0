import type { SecretRule } from "../../types.ts";

/**
 * Telegram bot tokens: `<bot id>:<35 chars>`, the 35 starting `AA`. Unprefixed, so either a
 * name with `telegram` / `tg_bot` / `bot_token` must assign it, or it sits in a Bot API URL.
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "telegram-bot-token",
      title: "Telegram bot token",
      severity: "high",
      keywords: ["telegram", "tg_bot", "bot_token"],
      docsUrl: "https://core.telegram.org/bots/api#authorizing-your-bot",
    },
    pattern:
      /(?:(?:telegram|tg_bot|bot_token)[\w.-]{0,24}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?|api\.telegram\.org\/bot)(?<secret>[0-9]{5,16}:AA[A-Za-z0-9_-]{33})(?![\w-])/gi,
    // The `i` flag is for the names; the token itself is case-sensitive.
    validate: (secret) => /^[0-9]{5,16}:AA/.test(secret),
    minEntropy: 3.5,
  },
];
