import type { SecretRule } from "../../types.ts";
import { shannonEntropy } from "../match.ts";

/** A webhook URL's last path segment is its secret: it must look random (not `XXXX…`, `0000…`). */
const randomTail = (url: string): boolean =>
  shannonEntropy(url.slice(url.lastIndexOf("/") + 1)) >= 3;

const TOKENS = "https://api.slack.com/authentication/token-types";

/** Slack tokens (`xox?-`, `xapp-`) and incoming / workflow webhook URLs. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "slack-bot-token",
      title: "Slack bot token",
      severity: "high",
      keywords: ["xoxb-"],
      docsUrl: TOKENS,
    },
    // xoxb-<team>-<bot>-<24 chars>; legacy bot tokens have one number part.
    pattern: /\bxoxb-[0-9]{8,14}-(?:[0-9]{8,14}-)?[A-Za-z0-9]{18,34}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "slack-user-token",
      title: "Slack user token",
      severity: "high",
      keywords: ["xoxp-"],
      docsUrl: TOKENS,
    },
    pattern: /\bxoxp-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{28,34}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "slack-workspace-access-token",
      title: "Slack workspace app access token (xoxa)",
      severity: "high",
      keywords: ["xoxa-"],
      docsUrl: TOKENS,
    },
    pattern: /\bxoxa-(?:[0-9]-)?[0-9A-Za-z][0-9A-Za-z-]{20,250}/g,
    minEntropy: 3,
  },
  {
    meta: {
      id: "slack-workspace-refresh-token",
      title: "Slack workspace app refresh token (xoxr)",
      severity: "high",
      keywords: ["xoxr-"],
      docsUrl: TOKENS,
    },
    pattern: /\bxoxr-(?:[0-9]-)?[0-9A-Za-z][0-9A-Za-z-]{20,250}/g,
    minEntropy: 3,
  },
  {
    meta: {
      id: "slack-legacy-token",
      title: "Slack legacy token (xoxo / xoxs)",
      severity: "high",
      keywords: ["xoxo-", "xoxs-"],
      docsUrl: "https://api.slack.com/legacy/custom-integrations/legacy-tokens",
    },
    pattern: /\bxox[os]-[0-9]{1,20}-[0-9]{1,20}-[0-9]{1,20}-[a-fA-F0-9]{16,80}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "slack-app-level-token",
      title: "Slack app-level token (xapp)",
      severity: "high",
      keywords: ["xapp-"],
      docsUrl: TOKENS,
    },
    pattern: /\bxapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-fA-F0-9]{64}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "slack-configuration-token",
      title: "Slack app configuration access token",
      severity: "high",
      keywords: ["xoxe.xoxp-", "xoxe.xoxb-"],
      docsUrl: "https://api.slack.com/authentication/config-tokens",
    },
    pattern: /\bxoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{150,180}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "slack-configuration-refresh-token",
      title: "Slack app configuration refresh token",
      severity: "high",
      keywords: ["xoxe-"],
      docsUrl: "https://api.slack.com/authentication/config-tokens",
    },
    pattern: /\bxoxe-[0-9]-[A-Za-z0-9]{130,160}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "slack-webhook-url",
      title: "Slack incoming webhook URL",
      severity: "high",
      keywords: ["hooks.slack.com/services/"],
      docsUrl: "https://api.slack.com/messaging/webhooks",
    },
    pattern:
      /(?:https?:\/\/)?hooks\.slack\.com\/services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24}(?![A-Za-z0-9])/g,
    validate: randomTail,
  },
  {
    meta: {
      id: "slack-workflow-webhook-url",
      title: "Slack workflow (trigger) webhook URL",
      severity: "medium",
      keywords: ["hooks.slack.com/workflows/", "hooks.slack.com/triggers/"],
      docsUrl: "https://api.slack.com/automation/triggers/webhook",
    },
    pattern:
      /(?:https?:\/\/)?hooks\.slack\.com\/(?:workflows|triggers)\/T[A-Z0-9]{8,12}\/(?:A[A-Z0-9]{8,12}\/)?[0-9]{8,20}\/[A-Za-z0-9]{32}(?![A-Za-z0-9])/g,
    validate: randomTail,
  },
];
