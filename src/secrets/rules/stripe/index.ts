import type { SecretRule } from "../../types.ts";

const DOCS = "https://docs.stripe.com/keys";

/**
 * Paystack secret keys share Stripe's `sk_live_` / `sk_test_` prefix but carry exactly 40
 * lowercase hex characters; the paystack rules report those, so Stripe's rules leave them out.
 */
const PAYSTACK_SHAPE = /^[sr]k_(?:live|test)_[0-9a-f]{40}$/;
const notPaystack = (secret: string): boolean => !PAYSTACK_SHAPE.test(secret);

/** Stripe API keys: `sk_live_` / `rk_live_` / `sk_test_` + 24 to 247 base62 characters. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "stripe-live-secret-key",
      title: "Stripe live secret key",
      severity: "critical",
      keywords: ["sk_live_"],
      docsUrl: DOCS,
    },
    pattern: /\bsk_live_[0-9A-Za-z]{24,247}(?![0-9A-Za-z])/g,
    minEntropy: 2.5,
    validate: notPaystack,
  },
  {
    meta: {
      id: "stripe-live-restricted-key",
      title: "Stripe live restricted key",
      severity: "critical",
      keywords: ["rk_live_"],
      docsUrl: "https://docs.stripe.com/keys/restricted-api-keys",
    },
    pattern: /\brk_live_[0-9A-Za-z]{24,247}(?![0-9A-Za-z])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "stripe-test-key",
      title: "Stripe test-mode secret or restricted key",
      severity: "low",
      keywords: ["sk_test_", "rk_test_"],
      docsUrl: DOCS,
    },
    pattern: /\b[sr]k_test_[0-9A-Za-z]{24,247}(?![0-9A-Za-z])/g,
    minEntropy: 2.5,
    validate: notPaystack,
  },
  {
    meta: {
      id: "stripe-webhook-secret",
      title: "Stripe (or Standard Webhooks) webhook signing secret",
      severity: "high",
      keywords: ["whsec_"],
      docsUrl: "https://docs.stripe.com/webhooks#verify-events",
    },
    pattern: /\bwhsec_[A-Za-z0-9+/]{32,88}={0,2}(?![A-Za-z0-9+/=])/g,
    minEntropy: 3.3,
  },
];
