import type { SecretRule } from "../../types.ts";

const DOCS = "https://developers.dropbox.com/oauth-guide";

/** Dropbox OAuth tokens: short-lived `sl.` access tokens and long-lived (legacy) tokens. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "dropbox-short-lived-token",
      title: "Dropbox short-lived access token",
      severity: "medium",
      keywords: ["sl."],
      docsUrl: DOCS,
    },
    pattern: /(?<![\w.-])sl\.(?:u\.)?[A-Za-z0-9_-]{130,1500}/g,
    minEntropy: 4.5,
  },
  {
    meta: {
      id: "dropbox-long-lived-token",
      title: "Dropbox long-lived access token (legacy)",
      severity: "high",
      keywords: ["dropbox"],
      docsUrl: DOCS,
    },
    // 11 characters, ten `A`s, 43 more; unprefixed, so the name must say dropbox.
    pattern:
      /dropbox[\w.-]{0,24}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_=-]{43})(?![\w=-])/gi,
    validate: (secret) => secret.slice(11, 21) === "AAAAAAAAAA",
    minEntropy: 3.5,
  },
];
