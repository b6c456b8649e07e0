import type { SecretRule } from "../../types.ts";

/**
 * Airtable personal access tokens: `pat` + 14 alphanumerics + `.` + 64 hex. The shape is exact,
 * but `pat` is an English word, so the rule's keyword (what lets it run) is "airtable".
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "airtable-personal-access-token",
      title: "Airtable personal access token",
      severity: "high",
      keywords: ["airtable"],
      docsUrl: "https://airtable.com/developers/web/guides/personal-access-tokens",
    },
    pattern: /\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
];
