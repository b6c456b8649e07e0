import type { SecretRule } from "../../types.ts";

/** Whether `re` matches within `radius` characters of the match (the rest of a JSON key file). */
function near(match: RegExpExecArray, re: RegExp, radius: number): boolean {
  const from = Math.max(0, match.index - radius);
  return re.test(match.input.slice(from, match.index + match[0].length + radius));
}

export const rules: SecretRule[] = [
  {
    meta: {
      id: "gcp-service-account-key",
      title: "Google Cloud service account key",
      severity: "critical",
      keywords: ["private_key_id"],
      docsUrl: "https://cloud.google.com/iam/docs/keys-create-delete",
    },
    // The key file is JSON: the key id marks it, "type": "service_account" confirms it. The
    // private key itself is reported by the private-key rule; this names what it belongs to.
    pattern: /"private_key_id"[ \t]{0,10}:[ \t]{0,10}"(?<secret>[0-9a-f]{40})"/g,
    minEntropy: 3,
    validate: (_secret, match) =>
      near(match, /"type"[ \t\r\n]{0,10}:[ \t\r\n]{0,10}"service_account"/, 4096),
  },
  {
    meta: {
      id: "gcp-api-key",
      title: "Google Cloud API key",
      severity: "high",
      keywords: ["aiza"],
      docsUrl: "https://cloud.google.com/docs/authentication/api-keys",
    },
    pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    minEntropy: 4,
  },
  {
    meta: {
      id: "gcp-oauth-client-secret",
      title: "Google OAuth client secret",
      severity: "high",
      keywords: ["gocspx-"],
      docsUrl: "https://developers.google.com/identity/protocols/oauth2",
    },
    pattern: /\bGOCSPX-[0-9A-Za-z_-]{28}(?![0-9A-Za-z_-])/g,
    minEntropy: 3.5,
  },
];
