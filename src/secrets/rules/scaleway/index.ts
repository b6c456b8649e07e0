import type { SecretRule } from "../../types.ts";

const DOCS = "https://www.scaleway.com/en/docs/iam/concepts/#api-key";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "scaleway-access-key-id",
      title: "Scaleway access key ID",
      severity: "high",
      keywords: ["scw"],
      docsUrl: DOCS,
    },
    pattern: /\bSCW[A-Z0-9]{17}\b/g,
    minEntropy: 3,
  },
  {
    meta: {
      id: "scaleway-secret-key",
      title: "Scaleway secret key",
      severity: "critical",
      keywords: ["scw", "scaleway"],
      docsUrl: DOCS,
    },
    // SCW_SECRET_KEY, scaleway secret_key: a UUID.
    pattern:
      /(?<![A-Za-z])(?:scw|scaleway)[\w.-]{0,30}?secret[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9A-Za-z-])/gi,
    minEntropy: 3,
    pair: { ruleId: "scaleway-access-key-id", withinLines: 5 },
  },
];
