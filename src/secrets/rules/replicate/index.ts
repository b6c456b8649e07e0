import type { SecretRule } from "../../types.ts";

/** Replicate API tokens: `r8_` + 37 alphanumerics. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "replicate-api-token",
      title: "Replicate API token",
      severity: "high",
      keywords: ["r8_"],
      docsUrl: "https://replicate.com/docs/topics/security/api-tokens",
    },
    pattern: /\br8_[A-Za-z0-9]{37}(?![A-Za-z0-9])/g,
    minEntropy: 3.5,
  },
];
