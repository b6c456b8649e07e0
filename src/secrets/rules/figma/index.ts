import type { SecretRule } from "../../types.ts";

/**
 * Whether the token's run of characters ends where the match ends. A look-ahead in the pattern
 * would rescan the body from every repetition of a repeated prefix; this keeps the scan linear.
 */
const runEnds = (_secret: string, match: RegExpExecArray): boolean =>
  !/[A-Za-z0-9_-]/.test(match.input.charAt(match.index + match[0].length));

/** Figma personal access tokens: `figd_` + ~40 base64url characters. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "figma-personal-access-token",
      title: "Figma personal access token",
      severity: "high",
      keywords: ["figd_"],
      docsUrl: "https://www.figma.com/developers/api#access-tokens",
    },
    pattern: /\bfigd_[A-Za-z0-9_-]{38,50}/g,
    validate: runEnds,
    minEntropy: 3.8,
  },
];
