import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "databricks-api-token",
      title: "Databricks personal access token",
      severity: "high",
      keywords: ["dapi"],
      docsUrl: "https://docs.databricks.com/aws/en/dev-tools/auth/pat",
    },
    // dapi + 32 hex, sometimes with a -<digit> suffix.
    pattern: /\bdapi[a-f0-9]{32}(?:-\d)?(?![A-Za-z0-9-])/g,
    minEntropy: 3,
  },
];
