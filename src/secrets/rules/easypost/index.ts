import type { SecretRule } from "../../types.ts";

const DOCS = "https://docs.easypost.com/docs/authentication";

/** EasyPost API keys: `EZAK` (production) / `EZTK` (test) + 54 alphanumerics. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "easypost-production-api-key",
      title: "EasyPost production API key",
      severity: "high",
      keywords: ["ezak"],
      docsUrl: DOCS,
    },
    pattern: /\bEZAK[A-Za-z0-9]{54}(?![A-Za-z0-9])/g,
    minEntropy: 3.8,
  },
  {
    meta: {
      id: "easypost-test-api-key",
      title: "EasyPost test API key",
      severity: "low",
      keywords: ["eztk"],
      docsUrl: DOCS,
    },
    pattern: /\bEZTK[A-Za-z0-9]{54}(?![A-Za-z0-9])/g,
    minEntropy: 3.8,
  },
];
