import type { SecretRule } from "../../types.ts";

const DOCS = "https://developer.flutterwave.com/docs/authentication";

/** Flutterwave secret keys: `FLWSECK-` (live) or `FLWSECK_TEST-` + 32 hex + `-X`. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "flutterwave-live-secret-key",
      title: "Flutterwave live secret key",
      severity: "critical",
      keywords: ["flwseck-"],
      docsUrl: DOCS,
    },
    pattern: /\bFLWSECK-[0-9a-fA-F]{32}-X\b/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "flutterwave-test-secret-key",
      title: "Flutterwave test secret key",
      severity: "low",
      keywords: ["flwseck_test-"],
      docsUrl: DOCS,
    },
    pattern: /\bFLWSECK_TEST-[0-9a-fA-F]{32}-X\b/g,
    minEntropy: 2.5,
  },
];
