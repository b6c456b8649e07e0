import type { SecretRule } from "../../types.ts";

/** The JSON object a base64 text decodes to, or null. */
function decodeJson(base64: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(base64, "base64").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const rules: SecretRule[] = [
  {
    meta: {
      id: "grafana-cloud-api-token",
      title: "Grafana Cloud access policy token",
      severity: "high",
      keywords: ["glc_"],
      docsUrl:
        "https://grafana.com/docs/grafana-cloud/security-and-account-management/authentication-and-permissions/access-policies/",
    },
    // glc_ + base64 of {"o":<org>,"n":<name>,"k":<key>,"m":{"r":<region>}}.
    pattern: /\bglc_[A-Za-z0-9+/]{32,400}={0,3}(?![A-Za-z0-9+/=])/g,
    minEntropy: 3.5,
    validate: (secret) => typeof decodeJson(secret.slice(4))?.["k"] === "string",
  },
  {
    meta: {
      id: "grafana-service-account-token",
      title: "Grafana service account token",
      severity: "high",
      keywords: ["glsa_"],
      docsUrl: "https://grafana.com/docs/grafana/latest/administration/service-accounts/",
    },
    // glsa_ + 32 alphanumerics + _ + an 8-hex checksum.
    pattern: /\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "grafana-api-key",
      title: "Grafana API key (legacy)",
      severity: "high",
      keywords: ["eyjrijoi"],
      docsUrl:
        "https://grafana.com/docs/grafana/latest/administration/service-accounts/migrate-api-keys/",
    },
    // base64 of {"k":<key>,"n":<name>,"id":<org>}: it starts with eyJrIjoi.
    pattern: /\beyJrIjoi[A-Za-z0-9+/]{40,400}={0,3}(?![A-Za-z0-9+/=])/g,
    minEntropy: 3.5,
    validate: (secret) => {
      const json = decodeJson(secret);
      return typeof json?.["k"] === "string" && "n" in json;
    },
  },
];
