import type { SecretRule } from "../../types.ts";

const DOCS = "https://docs.goshippo.com/docs/guides_general/authentication/";

/** Shippo API tokens: `shippo_live_` / `shippo_test_` + 40 hex. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "shippo-live-api-token",
      title: "Shippo live API token",
      severity: "high",
      keywords: ["shippo_live_"],
      docsUrl: DOCS,
    },
    pattern: /\bshippo_live_[a-fA-F0-9]{40}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "shippo-test-api-token",
      title: "Shippo test API token",
      severity: "low",
      keywords: ["shippo_test_"],
      docsUrl: DOCS,
    },
    pattern: /\bshippo_test_[a-fA-F0-9]{40}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
];
