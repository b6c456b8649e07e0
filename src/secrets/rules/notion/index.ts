import type { SecretRule } from "../../types.ts";

const DOCS = "https://developers.notion.com/docs/authorization";

/** Notion integration tokens: `ntn_` (current) and `secret_` (before September 2024). */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "notion-integration-token",
      title: "Notion integration token",
      severity: "high",
      keywords: ["ntn_"],
      docsUrl: DOCS,
    },
    pattern: /\bntn_[0-9]{11}[A-Za-z0-9]{35}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "notion-legacy-integration-token",
      title: "Notion integration token (legacy secret_)",
      severity: "high",
      keywords: ["secret_"],
      docsUrl: DOCS,
    },
    // `secret_` begins many names: the 43 characters must look random (a digit, and two
    // capitals in a row, which camel-case names rarely have).
    pattern: /\bsecret_[A-Za-z0-9]{43}(?![A-Za-z0-9])/g,
    minEntropy: 4,
    validate: (secret) => /[0-9]/.test(secret.slice(7)) && /[A-Z]{2}/.test(secret),
  },
];
