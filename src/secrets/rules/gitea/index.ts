import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "gitea-access-token",
      title: "Gitea / Forgejo access token",
      severity: "high",
      keywords: ["gitea", "forgejo", "codeberg"],
      docsUrl: "https://docs.gitea.com/development/api-usage",
    },
    // GITEA_TOKEN, FORGEJO_TOKEN, codeberg_token: 40 hex characters (SHA-1 sized).
    pattern:
      /(?:gitea|forgejo|codeberg)[\w.-]{0,30}?(?:token|password|api[_.-]?key|pat(?![a-z]))[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[0-9a-f]{40})(?![0-9A-Za-z])/gi,
    minEntropy: 3,
  },
];
