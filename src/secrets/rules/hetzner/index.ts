import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "hetzner-cloud-api-token",
      title: "Hetzner Cloud API token",
      severity: "high",
      keywords: ["hcloud", "hetzner"],
      docsUrl: "https://docs.hetzner.cloud/reference/cloud#authentication",
    },
    // HCLOUD_TOKEN, hetzner_api_token: 64 alphanumerics.
    pattern:
      /(?:hcloud|hetzner)[\w.-]{0,30}?(?:token|api[_.-]?key)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9]{64})(?![A-Za-z0-9_-])/gi,
    minEntropy: 4,
  },
];
