import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "docker-hub-pat",
      title: "Docker Hub personal access token",
      severity: "high",
      keywords: ["dckr_pat_"],
      docsUrl: "https://docs.docker.com/security/access-tokens/",
    },
    pattern: /\bdckr_pat_[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "docker-hub-org-access-token",
      title: "Docker Hub organization access token",
      severity: "high",
      keywords: ["dckr_oat_"],
      docsUrl: "https://docs.docker.com/enterprise/security/access-tokens/",
    },
    pattern: /\bdckr_oat_[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])/g,
    minEntropy: 3.5,
  },
];
