import type { SecretRule } from "../../types.ts";

/** crates.io API tokens: `cio` + 32 alphanumerics. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "crates-io-api-token",
      title: "crates.io API token",
      severity: "critical",
      keywords: ["cio"],
      docsUrl: "https://doc.rust-lang.org/cargo/reference/registry-authentication.html",
    },
    pattern: /\bcio[A-Za-z0-9]{32}(?![A-Za-z0-9])/g,
    // `cio` starts ordinary words too (`cioConfigurationManagerImpls`): the 32 characters must
    // look random, with both cases and a digit or two capitals in a row, which camel case lacks.
    minEntropy: 3.8,
    validate: (secret) => {
      const body = secret.slice(3);
      return /[A-Z]/.test(body) && /[a-z]/.test(body) && /[0-9]|[A-Z]{2}/.test(body);
    },
  },
];
