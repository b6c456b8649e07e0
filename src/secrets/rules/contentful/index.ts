import type { SecretRule } from "../../types.ts";

/**
 * Whether the token's run of characters ends where the match ends. A look-ahead in the pattern
 * would rescan the body from every repetition of a repeated prefix; this keeps the scan linear.
 */
const runEnds = (_secret: string, match: RegExpExecArray): boolean =>
  !/[A-Za-z0-9_-]/.test(match.input.charAt(match.index + match[0].length));

/** Contentful: `CFPAT-` personal access tokens (management) and named delivery tokens. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "contentful-personal-access-token",
      title: "Contentful personal access token (Content Management API)",
      severity: "high",
      keywords: ["cfpat-"],
      docsUrl:
        "https://www.contentful.com/developers/docs/references/authentication/#the-content-management-api",
    },
    pattern: /\bCFPAT-[A-Za-z0-9_-]{43}/g,
    validate: runEnds,
    minEntropy: 3.8,
  },
  {
    meta: {
      id: "contentful-delivery-token",
      title: "Contentful delivery or preview API token",
      severity: "medium",
      keywords: ["contentful"],
      docsUrl: "https://www.contentful.com/developers/docs/references/authentication/",
    },
    pattern:
      /contentful[\w.-]{0,24}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9_-]{43})(?![\w-])/gi,
    minEntropy: 3.8,
  },
];
