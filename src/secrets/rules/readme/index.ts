import type { SecretRule } from "../../types.ts";

/** ReadMe API keys: `rdme_` + 70 lowercase alphanumerics. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "readme-api-key",
      title: "ReadMe API key",
      severity: "high",
      keywords: ["rdme_"],
      docsUrl: "https://docs.readme.com/main/reference/intro/authentication",
    },
    pattern: /\brdme_[a-z0-9]{70}(?![A-Za-z0-9])/g,
    minEntropy: 3.8,
  },
];
