import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "pulumi-access-token",
      title: "Pulumi Cloud access token",
      severity: "high",
      keywords: ["pul-"],
      docsUrl: "https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/",
    },
    pattern: /\bpul-[a-f0-9]{40}\b/g,
    minEntropy: 3,
  },
];
