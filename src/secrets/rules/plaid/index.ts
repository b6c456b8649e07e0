import type { SecretRule } from "../../types.ts";

/** Plaid: 30-hex API secrets (named), and `access-production-<uuid>` item access tokens. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "plaid-secret",
      title: "Plaid API secret",
      severity: "critical",
      keywords: ["plaid"],
      docsUrl: "https://plaid.com/docs/quickstart/glossary/#secret",
    },
    pattern:
      /plaid[\w.-]{0,16}secret[\w.-]{0,16}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[0-9a-f]{30})(?![\w-])/gi,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "plaid-access-token",
      title: "Plaid access token (production or development)",
      severity: "high",
      keywords: ["access-production-", "access-development-"],
      docsUrl: "https://plaid.com/docs/api/tokens/#token-exchange-flow",
    },
    pattern:
      /\baccess-(?:production|development)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g,
    minEntropy: 2.5,
  },
];
