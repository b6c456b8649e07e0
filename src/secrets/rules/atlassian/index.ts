import type { SecretRule } from "../../types.ts";

/** Atlassian Cloud tokens: `ATATT3…` / `ATCTT3…`, base64url, then `=` and an 8-character tail. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "atlassian-api-token",
      title: "Atlassian Cloud API token (Jira, Confluence)",
      severity: "high",
      keywords: ["atatt3"],
      docsUrl:
        "https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/",
    },
    pattern: /\bATATT3[A-Za-z0-9_-]{150,220}=[0-9A-F]{8}(?![A-Za-z0-9])/g,
    minEntropy: 4,
  },
  {
    meta: {
      id: "atlassian-admin-api-key",
      title: "Atlassian organization admin API key",
      severity: "high",
      keywords: ["atctt3"],
      docsUrl:
        "https://support.atlassian.com/organization-administration/docs/manage-an-organization-with-the-admin-apis/",
    },
    pattern: /\bATCTT3[A-Za-z0-9_+/-]{30,300}=[A-Za-z0-9]{8}(?![A-Za-z0-9])/g,
    minEntropy: 4,
  },
];
