import type { SecretRule } from "../../types.ts";

/** The text before the match on its own line (at most 200 characters back). */
function lineBefore(match: RegExpExecArray): string {
  const before = match.input.slice(Math.max(0, match.index - 200), match.index);
  return before.slice(Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1);
}

/**
 * Mailgun private API keys: `key-` + 32 hex (older accounts) or `<32 hex>-<8 hex>-<8 hex>`
 * (current). Neither prefix is distinctive, so "mailgun" must occur earlier on the same line.
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "mailgun-api-key",
      title: "Mailgun private API key",
      severity: "high",
      keywords: ["mailgun"],
      docsUrl: "https://documentation.mailgun.com/docs/mailgun/api-reference/authentication",
    },
    pattern: /(?<![\w-])(?:key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?![\w-])/g,
    validate: (_secret, match) => /mailgun/i.test(lineBefore(match)),
    minEntropy: 2.5,
  },
];
