import type { SecretRule } from "../../types.ts";

const FORMAT =
  "https://answers.netlify.com/t/change-to-the-netlify-authentication-token-format/106146";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "netlify-access-token",
      title: "Netlify access token",
      severity: "high",
      keywords: ["nfp_", "nfc_", "nfo_", "nfu_", "nfb_"],
      docsUrl: FORMAT,
    },
    // nfp_ personal, nfc_ CLI, nfo_ OAuth, nfu_ app, nfb_ build: 40 characters in all.
    pattern: /\bnf[pcoub]_[A-Za-z0-9]{36}\b/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "netlify-legacy-access-token",
      title: "Netlify access token (unprefixed format)",
      severity: "high",
      keywords: ["netlify"],
      docsUrl: "https://docs.netlify.com/api/get-started/#authentication",
    },
    pattern:
      /netlify[\w.-]{0,30}?(?:token|key)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9_-]{40,46})(?![A-Za-z0-9_-])/gi,
    minEntropy: 3.5,
    // The prefixed format has its own rule.
    validate: (secret) => !/^nf[pcoub]_/.test(secret),
  },
];
