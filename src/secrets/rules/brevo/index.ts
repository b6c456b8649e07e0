import type { SecretRule } from "../../types.ts";

/** Brevo (formerly Sendinblue): `xkeysib-` API keys and `xsmtpsib-` SMTP keys. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "brevo-api-key",
      title: "Brevo (Sendinblue) API key",
      severity: "high",
      keywords: ["xkeysib-"],
      docsUrl: "https://developers.brevo.com/docs/getting-started",
    },
    pattern: /\bxkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "brevo-smtp-key",
      title: "Brevo (Sendinblue) SMTP key",
      severity: "high",
      keywords: ["xsmtpsib-"],
      docsUrl: "https://help.brevo.com/hc/en-us/articles/7959631848850",
    },
    pattern: /\bxsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
];
