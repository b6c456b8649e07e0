import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "fastly-api-token",
      title: "Fastly API token",
      severity: "high",
      keywords: ["fastly"],
      docsUrl:
        "https://www.fastly.com/documentation/guides/account-info/account-management/using-api-tokens/",
    },
    // FASTLY_API_TOKEN, FASTLY_API_KEY, Fastly-Key: header: 32 of [A-Za-z0-9_-].
    pattern:
      /fastly[\w.-]{0,30}?(?:token|key)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/gi,
    minEntropy: 3.5,
  },
];
