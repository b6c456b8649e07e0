import type { SecretRule } from "../../types.ts";

/** The text before the match on its own line (at most 200 characters back). */
function lineBefore(match: RegExpExecArray): string {
  const before = match.input.slice(Math.max(0, match.index - 200), match.index);
  return before.slice(Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1);
}

/**
 * Adyen API keys start `AQE` and run for 100+ base64-like characters. The prefix alone is
 * short, so the word "adyen" must occur earlier on the same line.
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "adyen-api-key",
      title: "Adyen API key",
      severity: "critical",
      keywords: ["adyen"],
      docsUrl: "https://docs.adyen.com/development-resources/api-credentials",
    },
    pattern: /(?<![\w+/.-])AQE[A-Za-z0-9+/=_.-]{60,250}/g,
    validate: (_secret, match) => /adyen/i.test(lineBefore(match)),
    minEntropy: 4,
  },
];
