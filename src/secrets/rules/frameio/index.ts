import type { SecretRule } from "../../types.ts";

/**
 * Whether the token's run of characters ends where the match ends. A look-ahead in the pattern
 * would rescan the body from every repetition of a repeated prefix; this keeps the scan linear.
 */
const runEnds = (_secret: string, match: RegExpExecArray): boolean =>
  !/[A-Za-z0-9_=-]/.test(match.input.charAt(match.index + match[0].length));

/** Frame.io developer tokens: `fio-u-` + 64 base64url characters. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "frameio-api-token",
      title: "Frame.io developer token",
      severity: "high",
      keywords: ["fio-u-"],
      docsUrl: "https://developer.frame.io/docs/getting-started/authentication",
    },
    pattern: /\bfio-u-[A-Za-z0-9_=-]{64}/g,
    validate: runEnds,
    minEntropy: 4,
  },
];
