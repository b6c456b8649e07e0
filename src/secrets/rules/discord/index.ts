import type { SecretRule } from "../../types.ts";
import { shannonEntropy } from "../match.ts";

/** The first part of a bot token is the bot's user id (a snowflake), base64url-encoded. */
function snowflakePart(secret: string): boolean {
  const first = secret.slice(0, secret.indexOf("."));
  const decoded = Buffer.from(first, "base64url").toString("latin1");
  return /^[0-9]{17,20}$/.test(decoded);
}

/** Discord bot tokens and webhook URLs. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "discord-bot-token",
      title: "Discord bot token",
      severity: "high",
      keywords: ["discord"],
      docsUrl: "https://discord.com/developers/docs/reference#authentication",
    },
    // base64url(user id) . timestamp (6) . HMAC (27 or 38); the id must decode to digits.
    pattern:
      /(?<![\w.-])[MNO][A-Za-z0-9_-]{22,26}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![\w.-])/g,
    validate: snowflakePart,
  },
  {
    meta: {
      id: "discord-webhook-url",
      title: "Discord webhook URL",
      severity: "medium",
      keywords: ["discord"],
      docsUrl: "https://discord.com/developers/docs/resources/webhook#execute-webhook",
    },
    pattern:
      /https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api(?:\/v[0-9]{1,2})?\/webhooks\/[0-9]{17,20}\/[A-Za-z0-9_-]{60,72}(?![A-Za-z0-9_-])/g,
    // The last path segment is the webhook's token: it must look random.
    validate: (url) => shannonEntropy(url.slice(url.lastIndexOf("/") + 1)) >= 4,
  },
];
