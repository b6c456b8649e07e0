import type { SecretRule } from "../../types.ts";

const BRAINTREE_DOCS =
  "https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials";

/**
 * Braintree (PayPal) access tokens: `access_token$production$<merchant id>$<32 hex>`, and
 * PayPal REST client secrets (80 base64url characters) named next to the word "paypal".
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "braintree-access-token",
      title: "Braintree (PayPal) production access token",
      severity: "critical",
      keywords: ["access_token$production$"],
      docsUrl: BRAINTREE_DOCS,
    },
    pattern: /access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}(?![0-9a-f])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "braintree-sandbox-access-token",
      title: "Braintree (PayPal) sandbox access token",
      severity: "low",
      keywords: ["access_token$sandbox$"],
      docsUrl: BRAINTREE_DOCS,
    },
    pattern: /access_token\$sandbox\$[0-9a-z]{16}\$[0-9a-f]{32}(?![0-9a-f])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "paypal-client-secret",
      title: "PayPal REST API client secret",
      severity: "critical",
      keywords: ["paypal"],
      docsUrl: "https://developer.paypal.com/api/rest/authentication/",
    },
    // `PAYPAL_CLIENT_SECRET=…`, `"paypalSecret": "…"`: the name must say paypal and secret.
    pattern:
      /paypal[\w.-]{0,16}secret[\w.-]{0,16}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9_-]{80})(?![\w-])/gi,
    minEntropy: 4,
  },
];
