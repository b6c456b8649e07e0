import type { SecretRule } from "../../types.ts";

const DOCS = "https://support.atlassian.com/bitbucket-cloud/docs/app-passwords/";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "bitbucket-app-password",
      title: "Bitbucket app password",
      severity: "high",
      keywords: ["atbb"],
      docsUrl: DOCS,
    },
    pattern: /\bATBB[A-Za-z0-9_=.-]{32}(?![A-Za-z0-9_=.-])/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "bitbucket-legacy-app-password",
      title: "Bitbucket app password (unprefixed format)",
      severity: "high",
      keywords: ["bitbucket"],
      docsUrl: DOCS,
    },
    // BITBUCKET_APP_PASSWORD, bitbucket_token: 20 alphanumerics.
    pattern:
      /bitbucket[\w.-]{0,30}?(?:password|passwd|pass|token|secret)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9]{20})(?![A-Za-z0-9_-])/gi,
    minEntropy: 3.5,
  },
];
