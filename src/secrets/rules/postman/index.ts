import type { SecretRule } from "../../types.ts";

/** Postman API keys: `PMAK-` + 24 hex + `-` + 34 hex. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "postman-api-key",
      title: "Postman API key",
      severity: "high",
      keywords: ["pmak-"],
      docsUrl: "https://learning.postman.com/docs/developer/postman-api/authentication/",
    },
    pattern: /\bPMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
];
