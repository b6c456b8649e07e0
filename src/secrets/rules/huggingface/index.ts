import type { SecretRule } from "../../types.ts";

const DOCS = "https://huggingface.co/docs/hub/security-tokens";

/**
 * Random letters mix cases and put two capitals side by side somewhere (all but ~0.1% of
 * tokens); snake-case and camel-case names that happen to start `hf_` do not.
 */
const randomLetters = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]{2}/.test(s);

/** Hugging Face user access tokens (`hf_`) and organization API tokens (`api_org_`). */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "huggingface-access-token",
      title: "Hugging Face access token",
      severity: "high",
      keywords: ["hf_"],
      docsUrl: DOCS,
    },
    pattern: /\bhf_[A-Za-z]{34}(?![A-Za-z0-9_])/g,
    validate: randomLetters,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "huggingface-organization-token",
      title: "Hugging Face organization API token (legacy)",
      severity: "high",
      keywords: ["api_org_"],
      docsUrl: DOCS,
    },
    pattern: /\bapi_org_[A-Za-z]{34}(?![A-Za-z0-9_])/g,
    validate: randomLetters,
    minEntropy: 3.5,
  },
];
