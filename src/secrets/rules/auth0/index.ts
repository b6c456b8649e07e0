import type { SecretRule } from "../../types.ts";

/** Auth0 application client secrets: 64 base64url characters, named with auth0 and secret. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "auth0-client-secret",
      title: "Auth0 application client secret",
      severity: "high",
      keywords: ["auth0"],
      docsUrl: "https://auth0.com/docs/get-started/applications/application-settings",
    },
    pattern:
      /auth0[\w.-]{0,16}secret[\w.-]{0,16}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9_-]{64})(?![\w-])/gi,
    minEntropy: 4,
  },
];
