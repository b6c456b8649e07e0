import type { SecretRule } from "../../types.ts";

/**
 * Algolia admin (and other write) API keys: 32 hex characters. Search-only keys are meant for
 * browsers, so the name must say algolia and admin / write / secret.
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "algolia-admin-api-key",
      title: "Algolia admin API key",
      severity: "high",
      keywords: ["algolia"],
      docsUrl: "https://www.algolia.com/doc/guides/security/api-keys/",
    },
    pattern:
      /algolia[\w.-]{0,16}(?:admin|write|secret)[\w.-]{0,16}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[0-9a-f]{32})(?![\w-])/gi,
    minEntropy: 2.5,
  },
];
