import type { SecretRule } from "../../types.ts";

const DOCS = "https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "vault-service-token",
      title: "HashiCorp Vault service token",
      severity: "high",
      keywords: ["hvs."],
      docsUrl: DOCS,
    },
    pattern: /\bhvs\.[A-Za-z0-9_-]{24,500}(?![A-Za-z0-9_-])/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "vault-batch-token",
      title: "HashiCorp Vault batch token",
      severity: "high",
      keywords: ["hvb."],
      docsUrl: DOCS,
    },
    pattern: /\bhvb\.[A-Za-z0-9_-]{24,500}(?![A-Za-z0-9_-])/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "vault-recovery-token",
      title: "HashiCorp Vault recovery token",
      severity: "high",
      keywords: ["hvr."],
      docsUrl: DOCS,
    },
    pattern: /\bhvr\.[A-Za-z0-9_-]{24,500}(?![A-Za-z0-9_-])/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "vault-legacy-token",
      title: "HashiCorp Vault token (pre-1.10 format)",
      severity: "high",
      keywords: ["vault_", "vault-", "vault.", "vaulttoken"],
      docsUrl: DOCS,
    },
    // `s.` + 24 base62 behind VAULT_TOKEN / X-Vault-Token / vault…token.
    pattern:
      /vault[\w.-]{0,30}?token[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>s\.[A-Za-z0-9]{24})(?![A-Za-z0-9_-])/gi,
    minEntropy: 3.5,
    // `s.` is lowercase; an all-letter body is usually a word, not a token.
    validate: (secret) => secret.startsWith("s.") && /\d/.test(secret),
  },
];
