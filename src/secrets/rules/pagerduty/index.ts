import type { SecretRule } from "../../types.ts";

const mixedCase = (s: string): boolean => /[A-Z]/.test(s) && /[a-z]/.test(s);

/**
 * PagerDuty REST API keys (20 characters, user tokens start `u+`) and Events API integration
 * (routing) keys (32 characters). Unprefixed: the name must say pagerduty and key / token.
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "pagerduty-api-key",
      title: "PagerDuty REST API key",
      severity: "high",
      keywords: ["pagerduty"],
      docsUrl: "https://support.pagerduty.com/main/docs/api-access-keys",
    },
    pattern:
      /pagerduty(?![\w.-]{0,16}(?:integration|routing|service))[\w.-]{0,16}(?:key|token)[\w.-]{0,8}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9_+-]{20})(?![\w+-])/gi,
    minEntropy: 3.2,
    validate: mixedCase,
  },
  {
    meta: {
      id: "pagerduty-integration-key",
      title: "PagerDuty Events API integration (routing) key",
      severity: "medium",
      keywords: ["pagerduty"],
      docsUrl: "https://developer.pagerduty.com/docs/events-api-v2-overview",
    },
    pattern:
      /pagerduty[\w.-]{0,16}(?:integration|routing|service)[\w.-]{0,8}key[\w.-]{0,8}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9]{32})(?![\w-])/gi,
    minEntropy: 3,
  },
];
