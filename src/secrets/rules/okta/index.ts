import type { SecretRule } from "../../types.ts";

/** The text before the match on its own line (at most 200 characters back). */
function lineBefore(match: RegExpExecArray): string {
  const before = match.input.slice(Math.max(0, match.index - 200), match.index);
  return before.slice(Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1);
}

/**
 * Okta API tokens: `00` + 40 base64url characters, sent as `Authorization: SSWS <token>`.
 * "okta" or "ssws" must occur earlier on the same line.
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "okta-api-token",
      title: "Okta API token",
      severity: "high",
      keywords: ["okta", "ssws"],
      docsUrl: "https://developer.okta.com/docs/guides/create-an-api-token/main/",
    },
    pattern: /(?<![\w-])00[A-Za-z0-9_-]{40}(?![\w-])/g,
    validate: (_secret, match) => /okta|ssws/i.test(lineBefore(match)),
    minEntropy: 3.5,
  },
];
