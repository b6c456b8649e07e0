import type { SecretRule } from "../../types.ts";

/** Cohere API keys: 40 alphanumerics, no prefix; named with cohere or `CO_API_KEY`. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "cohere-api-key",
      title: "Cohere API key",
      severity: "high",
      keywords: ["cohere", "co_api_key"],
      docsUrl: "https://docs.cohere.com/reference/about",
    },
    pattern:
      /(?:cohere|co_api_key)[\w.-]{0,24}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9]{40})(?![\w-])/gi,
    minEntropy: 3.7,
    validate: (s) => /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s),
  },
];
