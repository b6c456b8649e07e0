import type { SecretRule } from "../../types.ts";

/** Mixpanel API secrets (32 hex, no prefix). Project tokens are public; the name must say secret. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "mixpanel-api-secret",
      title: "Mixpanel API secret",
      severity: "high",
      keywords: ["mixpanel"],
      docsUrl: "https://developer.mixpanel.com/reference/project-secret",
    },
    pattern:
      /mixpanel[\w.-]{0,16}secret[\w.-]{0,16}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[0-9a-f]{32})(?![\w-])/gi,
    minEntropy: 2.5,
  },
];
