import type { SecretRule } from "../../types.ts";

/**
 * Twilio: account SIDs (`AC` + 32 hex) and API key SIDs (`SK` + 32 hex) identify; the auth
 * token and API key secret (32 characters, unprefixed) authenticate. Each secret folds the
 * matching SID, when one is within 5 lines, into one finding.
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "twilio-account-sid",
      title: "Twilio account SID (an identifier; paired with its auth token)",
      severity: "low",
      keywords: ["twilio"],
      docsUrl: "https://www.twilio.com/docs/iam/api/account",
    },
    pattern: /\bAC[0-9a-f]{32}\b/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "twilio-auth-token",
      title: "Twilio auth token",
      severity: "high",
      keywords: ["twilio"],
      docsUrl: "https://www.twilio.com/docs/iam/credentials/api#authentication",
    },
    // A name with "secret" in it holds an API key secret (the rule below), not the auth token.
    pattern:
      /twilio(?![\w.-]{0,16}secret)[\w.-]{0,24}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[0-9a-f]{32})(?![\w-])/gi,
    minEntropy: 2.5,
    pair: { ruleId: "twilio-account-sid", withinLines: 5 },
  },
  {
    meta: {
      id: "twilio-api-key",
      title: "Twilio API key SID",
      severity: "medium",
      keywords: ["twilio"],
      docsUrl: "https://www.twilio.com/docs/iam/api-keys",
    },
    pattern: /\bSK[0-9a-fA-F]{32}\b/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "twilio-api-key-secret",
      title: "Twilio API key secret",
      severity: "high",
      keywords: ["twilio"],
      docsUrl: "https://www.twilio.com/docs/iam/api-keys",
    },
    pattern:
      /twilio[\w.-]{0,16}secret[\w.-]{0,16}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9]{32})(?![\w-])/gi,
    minEntropy: 3.5,
    pair: { ruleId: "twilio-api-key", withinLines: 5 },
  },
];
