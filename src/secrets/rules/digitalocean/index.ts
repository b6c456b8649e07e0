import type { SecretRule } from "../../types.ts";

const DOCS = "https://docs.digitalocean.com/reference/api/create-personal-access-token/";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "digitalocean-pat",
      title: "DigitalOcean personal access token",
      severity: "critical",
      keywords: ["dop_v1_"],
      docsUrl: DOCS,
    },
    pattern: /\bdop_v1_[a-f0-9]{64}\b/g,
    minEntropy: 3,
  },
  {
    meta: {
      id: "digitalocean-oauth-token",
      title: "DigitalOcean OAuth access token",
      severity: "high",
      keywords: ["doo_v1_"],
      docsUrl: "https://docs.digitalocean.com/reference/api/oauth/",
    },
    pattern: /\bdoo_v1_[a-f0-9]{64}\b/g,
    minEntropy: 3,
  },
  {
    meta: {
      id: "digitalocean-refresh-token",
      title: "DigitalOcean OAuth refresh token",
      severity: "high",
      keywords: ["dor_v1_"],
      docsUrl: "https://docs.digitalocean.com/reference/api/oauth/",
    },
    pattern: /\bdor_v1_[a-f0-9]{64}\b/g,
    minEntropy: 3,
  },
];
