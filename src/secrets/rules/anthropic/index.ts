import type { SecretRule } from "../../types.ts";

/**
 * Whether the base64url run ends where the match ends. The patterns leave this look-ahead out:
 * their prefix is made of body characters, so with it a text repeating the prefix would be
 * scanned again from every repetition; without it a run is consumed once and checked here.
 */
function runEnds(match: RegExpExecArray): boolean {
  return !/[A-Za-z0-9_-]/.test(match.input.charAt(match.index + match[0].length));
}

/** Anthropic keys: `sk-ant-api03-` / `sk-ant-admin01-` + 93 base64url characters + `AA`. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "anthropic-api-key",
      title: "Anthropic API key",
      severity: "high",
      keywords: ["sk-ant-api03-"],
      docsUrl: "https://docs.anthropic.com/en/api/overview#authentication",
    },
    pattern: /\bsk-ant-api03-[A-Za-z0-9_-]{93}AA/g,
    minEntropy: 2.5,
    validate: (_secret, match) => runEnds(match),
  },
  {
    meta: {
      id: "anthropic-admin-api-key",
      title: "Anthropic Admin API key",
      severity: "high",
      keywords: ["sk-ant-admin01-"],
      docsUrl: "https://docs.anthropic.com/en/api/administration-api",
    },
    pattern: /\bsk-ant-admin01-[A-Za-z0-9_-]{93}AA/g,
    minEntropy: 2.5,
    validate: (_secret, match) => runEnds(match),
  },
];
