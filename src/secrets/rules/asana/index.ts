import type { SecretRule } from "../../types.ts";

/** The text before the match on its own line (at most 200 characters back). */
function lineBefore(match: RegExpExecArray): string {
  const before = match.input.slice(Math.max(0, match.index - 200), match.index);
  return before.slice(Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1);
}

/**
 * Asana personal access tokens: `0/<32 hex>` (oldest), `1/<user id>:<32 hex>` and
 * `2/<user id>/<app id>:<32 hex>`. The digits-and-slash start is not distinctive, so "asana"
 * must occur earlier on the same line.
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "asana-personal-access-token",
      title: "Asana personal access token",
      severity: "high",
      keywords: ["asana"],
      docsUrl: "https://developers.asana.com/docs/personal-access-token",
    },
    pattern:
      /(?<![\w/])(?:0\/[0-9a-f]{32}|[12]\/[0-9]{8,20}(?:\/[0-9]{8,20})?:[0-9a-f]{32})(?![\w-])/g,
    validate: (_secret, match) => /asana/i.test(lineBefore(match)),
    minEntropy: 2.5,
  },
];
