import type { SecretRule } from "../../types.ts";

const DOCS = "https://linear.app/developers/graphql#authentication";

/** Linear personal API keys (`lin_api_`) and OAuth access tokens (`lin_oauth_`). */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "linear-api-key",
      title: "Linear personal API key",
      severity: "high",
      keywords: ["lin_api_"],
      docsUrl: DOCS,
    },
    pattern: /\blin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "linear-oauth-token",
      title: "Linear OAuth access token",
      severity: "high",
      keywords: ["lin_oauth_"],
      docsUrl: "https://linear.app/developers/oauth-2-0-authentication",
    },
    pattern: /\blin_oauth_[a-f0-9]{64}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
];
