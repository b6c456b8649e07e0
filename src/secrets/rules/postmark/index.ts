import type { SecretRule } from "../../types.ts";

/** Postmark server and account tokens are UUIDs: the name must say postmark. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "postmark-api-token",
      title: "Postmark server or account API token",
      severity: "high",
      keywords: ["postmark"],
      docsUrl: "https://postmarkapp.com/developer/api/overview#authentication",
    },
    pattern:
      /postmark[\w.-]{0,24}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])/gi,
    minEntropy: 3,
  },
];
