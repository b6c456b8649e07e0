import type { SecretRule } from "../../types.ts";

/**
 * Coinbase API secrets carry no prefix: 32 alphanumerics (legacy API keys) or a base64
 * Ed25519 key (CDP). The name must say coinbase and secret on the same line. CDP keys in PEM
 * form are left to the private-key rules.
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "coinbase-api-secret",
      title: "Coinbase API secret",
      severity: "critical",
      keywords: ["coinbase"],
      docsUrl: "https://docs.cdp.coinbase.com/get-started/authentication/cdp-api-keys",
    },
    pattern:
      /coinbase[\w.-]{0,16}secret[\w.-]{0,16}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9+/]{86}==|[A-Za-z0-9]{32})(?![\w+/=-])/gi,
    minEntropy: 3.5,
  },
];
