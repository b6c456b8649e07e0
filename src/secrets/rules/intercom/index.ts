import type { SecretRule } from "../../types.ts";

/** Intercom access tokens: ~60 base64 characters, no prefix; named with intercom. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "intercom-access-token",
      title: "Intercom access token",
      severity: "high",
      keywords: ["intercom"],
      docsUrl:
        "https://developers.intercom.com/docs/build-an-integration/learn-more/authentication",
    },
    pattern:
      /intercom[\w.-]{0,24}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9+/_-]{58,62}={0,2})(?![\w+/=-])/gi,
    minEntropy: 4,
  },
];
