import type { SecretRule } from "../../types.ts";

/** Infracost API keys: `ico-` + 32 alphanumerics. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "infracost-api-key",
      title: "Infracost API key",
      severity: "high",
      keywords: ["ico-"],
      docsUrl: "https://www.infracost.io/docs/features/environment_variables/",
    },
    pattern: /\bico-[A-Za-z0-9]{32}(?![A-Za-z0-9])/g,
    minEntropy: 3.5,
  },
];
