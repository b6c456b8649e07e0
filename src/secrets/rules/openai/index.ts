import type { SecretRule } from "../../types.ts";

const DOCS = "https://platform.openai.com/docs/api-reference/authentication";

/** Every OpenAI key carries `T3BlbkFJ` (base64 of "OpenAI") in its middle. */
const MARKER = "T3BlbkFJ";

/**
 * The pattern takes the whole base64url run (no look-ahead, so a long run is consumed once
 * rather than backtracked over); here the run must end where the match ends and hold the marker.
 */
function keyShaped(secret: string, match: RegExpExecArray): boolean {
  const next = match.input.charAt(match.index + match[0].length);
  const at = secret.indexOf(MARKER);
  return !/[A-Za-z0-9_-]/.test(next) && at >= 20 && at <= secret.length - MARKER.length - 20;
}

function openai(kind: string, id: string, title: string): SecretRule {
  return {
    meta: { id, title, severity: "high", keywords: [`sk-${kind}-`], docsUrl: DOCS },
    pattern: new RegExp(`\\bsk-${kind}-[A-Za-z0-9_-]{80,300}`, "g"),
    validate: keyShaped,
    minEntropy: 3.5,
  };
}

/** OpenAI API keys: project, service account and admin keys, and the older user keys. */
export const rules: SecretRule[] = [
  openai("proj", "openai-project-api-key", "OpenAI project API key"),
  openai("svcacct", "openai-service-account-key", "OpenAI service account API key"),
  openai("admin", "openai-admin-key", "OpenAI admin API key"),
  {
    meta: {
      id: "openai-legacy-api-key",
      title: "OpenAI user API key (legacy)",
      severity: "high",
      keywords: ["t3blbkfj"],
      docsUrl: DOCS,
    },
    pattern: /\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![A-Za-z0-9_-])/g,
    minEntropy: 2.5,
  },
];
