import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "planetscale-service-token",
      title: "PlanetScale service token",
      severity: "high",
      keywords: ["pscale_tkn_"],
      docsUrl: "https://planetscale.com/docs/concepts/service-tokens",
    },
    pattern: /\bpscale_tkn_[A-Za-z0-9_=.-]{32,64}(?![A-Za-z0-9_=.-])/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "planetscale-password",
      title: "PlanetScale database password",
      severity: "high",
      keywords: ["pscale_pw_"],
      docsUrl: "https://planetscale.com/docs/concepts/connection-strings",
    },
    pattern: /\bpscale_pw_[A-Za-z0-9_=.-]{32,64}(?![A-Za-z0-9_=.-])/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "planetscale-oauth-token",
      title: "PlanetScale OAuth token",
      severity: "high",
      keywords: ["pscale_oauth_"],
      docsUrl: "https://planetscale.com/docs/concepts/oauth",
    },
    pattern: /\bpscale_oauth_[A-Za-z0-9_=.-]{32,64}(?![A-Za-z0-9_=.-])/g,
    minEntropy: 3.5,
  },
];
