import type { SecretRule } from "../../types.ts";

const DOCS = "https://shopify.dev/docs/apps/build/authentication-authorization/access-token-types";

function shopify(prefix: string, id: string, title: string): SecretRule {
  return {
    meta: { id, title, severity: "high", keywords: [prefix], docsUrl: DOCS },
    pattern: new RegExp(`\\b${prefix}[a-fA-F0-9]{32}(?![a-fA-F0-9])`, "g"),
    minEntropy: 2.5,
  };
}

/** Shopify tokens: a four-letter kind, `_`, and 32 hex characters. */
export const rules: SecretRule[] = [
  shopify("shpat_", "shopify-access-token", "Shopify Admin API access token"),
  shopify("shpca_", "shopify-custom-app-access-token", "Shopify custom app access token"),
  shopify("shppa_", "shopify-private-app-access-token", "Shopify private app access token"),
  shopify("shpss_", "shopify-shared-secret", "Shopify app shared secret"),
];
