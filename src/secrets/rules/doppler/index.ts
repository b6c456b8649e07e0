import type { SecretRule, Severity } from "../../types.ts";

const DOCS = "https://docs.doppler.com/reference/auth-token-formats";

function token(kind: string, id: string, title: string, severity: Severity): SecretRule {
  return {
    meta: { id, title, severity, keywords: [`dp.${kind}.`], docsUrl: DOCS },
    pattern: new RegExp(`\\bdp\\.${kind}\\.[A-Za-z0-9]{40,44}\\b`, "g"),
    minEntropy: 3.5,
  };
}

export const rules: SecretRule[] = [
  token("pt", "doppler-personal-token", "Doppler personal token", "high"),
  {
    meta: {
      id: "doppler-service-token",
      title: "Doppler service token",
      severity: "high",
      keywords: ["dp.st."],
      docsUrl: DOCS,
    },
    // Service tokens may name their config: dp.st.<config>.<secret>.
    pattern: /\bdp\.st\.(?:[a-z0-9_-]{1,35}\.)?[A-Za-z0-9]{40,44}\b/g,
    minEntropy: 3.5,
  },
  token("ct", "doppler-cli-token", "Doppler CLI token", "high"),
  token("scim", "doppler-scim-token", "Doppler SCIM token", "high"),
  token("sa", "doppler-service-account-token", "Doppler service account token", "high"),
  token("audit", "doppler-audit-token", "Doppler audit token", "medium"),
];
