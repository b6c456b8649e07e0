import type { SecretRule } from "../../types.ts";

/** Perplexity API keys: `pplx-` + 48 alphanumerics. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "perplexity-api-key",
      title: "Perplexity API key",
      severity: "high",
      keywords: ["pplx-"],
      docsUrl: "https://docs.perplexity.ai/guides/getting-started",
    },
    pattern: /\bpplx-[A-Za-z0-9]{48}(?![A-Za-z0-9])/g,
    minEntropy: 3.5,
  },
];
