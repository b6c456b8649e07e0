import type { SecretRule } from "../../types.ts";

const DOCS = "https://paystack.com/docs/api/authentication/";

/**
 * Paystack secret keys: `sk_live_` / `sk_test_` + 40 lowercase hex characters. The prefix is
 * Stripe's too; the hex body tells them apart (the stripe rules skip this exact shape).
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "paystack-live-secret-key",
      title: "Paystack live secret key",
      severity: "critical",
      keywords: ["sk_live_"],
      docsUrl: DOCS,
    },
    pattern: /\bsk_live_[0-9a-f]{40}(?![0-9A-Za-z])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "paystack-test-secret-key",
      title: "Paystack test secret key",
      severity: "low",
      keywords: ["sk_test_"],
      docsUrl: DOCS,
    },
    pattern: /\bsk_test_[0-9a-f]{40}(?![0-9A-Za-z])/g,
    minEntropy: 2.5,
  },
];
