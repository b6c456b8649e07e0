import type { SecretRule } from "../../types.ts";

/** RubyGems.org API keys: `rubygems_` + 48 hex. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "rubygems-api-key",
      title: "RubyGems.org API key",
      severity: "critical",
      keywords: ["rubygems_"],
      docsUrl: "https://guides.rubygems.org/api-key-scopes/",
    },
    pattern: /\brubygems_[a-f0-9]{48}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
];
