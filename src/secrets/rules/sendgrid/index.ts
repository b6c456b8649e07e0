import type { SecretRule } from "../../types.ts";

/** SendGrid API keys: `SG.` + 22-character key id + `.` + 43-character secret. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "sendgrid-api-key",
      title: "SendGrid API key",
      severity: "high",
      keywords: ["sg."],
      docsUrl: "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys",
    },
    pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
    minEntropy: 4,
  },
];
