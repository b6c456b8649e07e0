import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "terraform-cloud-api-token",
      title: "HCP Terraform (Terraform Cloud) API token",
      severity: "high",
      keywords: ["atlasv1"],
      docsUrl:
        "https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens",
    },
    // 14 alphanumerics, `.atlasv1.`, 60–70 more (credentials.tfrc.json, TF_TOKEN_app_terraform_io).
    pattern: /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}(?![A-Za-z0-9_=-])/g,
    minEntropy: 3.5,
  },
];
