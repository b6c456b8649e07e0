import type { SecretRule } from "../../types.ts";

/** Prefect Cloud API keys: `pnu_` (user) or `pnb_` (service account) + 36 alphanumerics. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "prefect-api-key",
      title: "Prefect Cloud API key",
      severity: "high",
      keywords: ["pnu_", "pnb_"],
      docsUrl: "https://docs.prefect.io/v3/manage/cloud/manage-users/api-keys",
    },
    pattern: /\bpn[ub]_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g,
    minEntropy: 3.5,
  },
];
