import type { SecretRule } from "../../types.ts";

/** The text before the match on its own line (at most 200 characters back). */
function lineBefore(match: RegExpExecArray): string {
  const before = match.input.slice(Math.max(0, match.index - 200), match.index);
  return before.slice(Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1);
}

/** nuget.org API keys: `oy2` + 43 lowercase base32 characters; "nuget" earlier on the line. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "nuget-api-key",
      title: "nuget.org API key",
      severity: "critical",
      keywords: ["nuget"],
      docsUrl: "https://learn.microsoft.com/en-us/nuget/nuget-org/scoped-api-keys",
    },
    pattern: /(?<![A-Za-z0-9])oy2[a-z0-9]{43}(?![A-Za-z0-9])/g,
    validate: (_secret, match) => /nuget/i.test(lineBefore(match)),
    minEntropy: 3.5,
  },
];
