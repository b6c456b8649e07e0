import type { SecretRule } from "../../types.ts";

/** Mailchimp Marketing API keys (32 hex + `-us<dc>`) and Mandrill (Transactional) keys. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "mailchimp-api-key",
      title: "Mailchimp Marketing API key",
      severity: "high",
      keywords: ["-us"],
      docsUrl: "https://mailchimp.com/developer/marketing/guides/quick-start/",
    },
    // The data-center suffix (`-us6`, `-us21`) makes 32 hex characters distinctive.
    pattern: /(?<![A-Za-z0-9])[0-9a-f]{32}-us[0-9]{1,2}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "mandrill-api-key",
      title: "Mandrill (Mailchimp Transactional) API key",
      severity: "high",
      keywords: ["mandrill"],
      docsUrl: "https://mailchimp.com/developer/transactional/guides/quick-start/",
    },
    pattern:
      /mandrill[\w.-]{0,24}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9_-]{22})(?![\w-])/gi,
    minEntropy: 3.2,
    validate: (secret) => /[A-Z]/.test(secret) && /[a-z]/.test(secret),
  },
];
