import type { SecretRule } from "../../types.ts";

/**
 * Whether the token's run of characters ends where the match ends. A look-ahead in the pattern
 * would rescan the body from every repetition of a repeated prefix; this keeps the scan linear.
 */
const runEnds = (_secret: string, match: RegExpExecArray): boolean =>
  !/[A-Za-z0-9_.=-]/.test(match.input.charAt(match.index + match[0].length));

/** Typeform personal access tokens: `tfp_` + ~59 characters (base64url, `.` and `=`). */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "typeform-personal-access-token",
      title: "Typeform personal access token",
      severity: "high",
      keywords: ["tfp_"],
      docsUrl: "https://www.typeform.com/developers/get-started/personal-access-token/",
    },
    pattern: /\btfp_[A-Za-z0-9_.=-]{50,70}/g,
    validate: runEnds,
    minEntropy: 4,
  },
];
