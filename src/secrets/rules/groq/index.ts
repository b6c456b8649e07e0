import type { SecretRule } from "../../types.ts";

/** Groq API keys: `gsk_` + 52 alphanumerics. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "groq-api-key",
      title: "Groq API key",
      severity: "high",
      keywords: ["gsk_"],
      docsUrl: "https://console.groq.com/docs/quickstart",
    },
    pattern: /\bgsk_[A-Za-z0-9]{52}(?![A-Za-z0-9])/g,
    minEntropy: 3.8,
  },
];
