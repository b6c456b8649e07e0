import type { SecretRule } from "../../types.ts";

const DOCS = "https://developer.squareup.com/docs/build-basics/access-tokens";

/**
 * Whether the token's run of characters ends where the match ends. A look-ahead in the pattern
 * would rescan the body from every repetition of a repeated prefix; this keeps the scan linear.
 */
const runEnds = (_secret: string, match: RegExpExecArray): boolean =>
  !/[A-Za-z0-9_-]/.test(match.input.charAt(match.index + match[0].length));

/** The text before the match on its own line (at most 200 characters back). */
function lineBefore(match: RegExpExecArray): string {
  const before = match.input.slice(Math.max(0, match.index - 200), match.index);
  return before.slice(Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1);
}

/** Square: `sq0atp-` access tokens, `sq0csp-` OAuth secrets, `EAAA…` access tokens. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "square-access-token",
      title: "Square access token (sq0atp-)",
      severity: "critical",
      keywords: ["sq0atp-"],
      docsUrl: DOCS,
    },
    pattern: /\bsq0atp-[0-9A-Za-z_-]{22}/g,
    minEntropy: 2.5,
    validate: runEnds,
  },
  {
    meta: {
      id: "square-oauth-secret",
      title: "Square OAuth application secret",
      severity: "critical",
      keywords: ["sq0csp-"],
      docsUrl: "https://developer.squareup.com/docs/oauth-api/overview",
    },
    pattern: /\bsq0csp-[0-9A-Za-z_-]{43}/g,
    minEntropy: 2.5,
    validate: runEnds,
  },
  {
    meta: {
      id: "square-eaaa-access-token",
      title: "Square access token (EAAA)",
      severity: "high",
      keywords: ["eaaa"],
      docsUrl: DOCS,
    },
    // `EAAA` + 60 is also how some Facebook tokens begin: "square" must come earlier on the line.
    pattern: /(?<![\w-])EAAA[A-Za-z0-9_-]{60}(?![\w-])/g,
    validate: (_secret, match) => /square/i.test(lineBefore(match)),
    minEntropy: 4,
  },
];
