import type { SecretRule } from "../../types.ts";

/** Zendesk API tokens: 40 alphanumerics, no prefix; named with zendesk. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "zendesk-api-token",
      title: "Zendesk API token",
      severity: "high",
      keywords: ["zendesk"],
      docsUrl: "https://developer.zendesk.com/api-reference/introduction/security-and-auth/",
    },
    pattern:
      /zendesk[\w.-]{0,24}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9]{40})(?![\w-])/gi,
    minEntropy: 3.7,
    validate: (s) => /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s),
  },
];
