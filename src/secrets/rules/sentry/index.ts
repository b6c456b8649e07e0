import type { SecretRule } from "../../types.ts";

const DOCS = "https://docs.sentry.io/account/auth-tokens/";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "sentry-org-token",
      title: "Sentry organization auth token",
      severity: "high",
      keywords: ["sntrys_"],
      docsUrl: DOCS,
    },
    // sntrys_ + base64 JSON ({"iat":…,"url":…,"region_url":…,"org":…}) + _ + 43 base64.
    pattern: /\bsntrys_eyJ[A-Za-z0-9+/]{20,600}={0,2}_[A-Za-z0-9+/]{43}(?![A-Za-z0-9+/])/g,
    minEntropy: 4,
    validate: (secret) => {
      const payload = secret.slice("sntrys_".length, secret.lastIndexOf("_"));
      try {
        const json: unknown = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
        return typeof json === "object" && json !== null && "iat" in json;
      } catch {
        return false;
      }
    },
  },
  {
    meta: {
      id: "sentry-user-token",
      title: "Sentry user auth token",
      severity: "high",
      keywords: ["sntryu_"],
      docsUrl: DOCS,
    },
    pattern: /\bsntryu_[a-f0-9]{64}\b/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "sentry-legacy-auth-token",
      title: "Sentry auth token (unprefixed format)",
      severity: "high",
      keywords: ["sentry"],
      docsUrl: DOCS,
    },
    // SENTRY_AUTH_TOKEN, sentry…token: 64 hex characters.
    pattern:
      /sentry[\w.-]{0,30}?token[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[a-f0-9]{64})(?![0-9A-Za-z])/gi,
    minEntropy: 3,
  },
];
