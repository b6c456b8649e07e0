import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "heroku-api-key",
      title: "Heroku API key",
      severity: "high",
      keywords: ["hrku-"],
      docsUrl: "https://devcenter.heroku.com/articles/authentication",
    },
    pattern: /\bHRKU-[0-9A-Za-z_-]{60}(?![0-9A-Za-z_-])/g,
    minEntropy: 4,
  },
  {
    meta: {
      id: "heroku-legacy-api-key",
      title: "Heroku API key (UUID format)",
      severity: "high",
      keywords: ["heroku"],
      docsUrl: "https://devcenter.heroku.com/articles/authentication",
    },
    // Older keys are bare UUIDs; app ids are UUIDs too, so the name must say key/token/secret.
    pattern:
      /heroku[\w.-]{0,30}?(?:api[_.-]?key|token|secret|password)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9A-Za-z-])/gi,
    minEntropy: 3,
  },
];
