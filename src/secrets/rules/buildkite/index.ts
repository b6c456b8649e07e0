import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "buildkite-api-token",
      title: "Buildkite API access token",
      severity: "high",
      keywords: ["bkua_"],
      docsUrl: "https://buildkite.com/docs/apis/managing-api-tokens",
    },
    pattern: /\bbkua_[a-f0-9]{40}\b/g,
    minEntropy: 3,
  },
];
