import type { SecretRule } from "../../types.ts";
import { shannonEntropy } from "../match.ts";

/** The 32-hex segment after `IncomingWebhook/` is the secret part: it must look random. */
function randomSecretPart(url: string): boolean {
  const part = /\/IncomingWebhook\/([0-9a-f]{32})\//.exec(url)?.[1] ?? "";
  return shannonEntropy(part) >= 2.5;
}

/** Microsoft Teams incoming webhooks (Office 365 connectors) and Workflows (Logic Apps) URLs. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "microsoft-teams-webhook-url",
      title: "Microsoft Teams incoming webhook URL",
      severity: "medium",
      keywords: [
        "webhook.office.com",
        "outlook.office.com/webhook",
        "outlook.office365.com/webhook",
      ],
      docsUrl:
        "https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook",
    },
    pattern:
      /https:\/\/(?:[A-Za-z0-9-]{1,63}\.webhook\.office\.com\/webhookb2|outlook\.office(?:365)?\.com\/webhook)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:\/[A-Za-z0-9_-]{20,80})?/g,
    validate: randomSecretPart,
  },
  {
    meta: {
      id: "microsoft-teams-workflow-webhook-url",
      title: "Microsoft Teams Workflows (Logic Apps / Power Automate) webhook URL",
      severity: "medium",
      keywords: ["logic.azure.com", "powerplatform.com"],
      docsUrl:
        "https://learn.microsoft.com/en-us/azure/logic-apps/logic-apps-securing-a-logic-app#generate-shared-access-signatures-sas",
    },
    // The `sig` query parameter is the shared access signature: the secret part of the URL.
    pattern:
      /(?:\.logic\.azure\.com|\.api\.powerplatform\.com)(?::443)?[A-Za-z0-9_/.-]{0,120}?\/workflows\/[0-9a-f]{32}\/triggers\/[A-Za-z0-9_]{1,40}\/paths\/invoke\?[^\s"'<>`]{0,200}?\bsig=(?<secret>[A-Za-z0-9_%-]{40,100})/g,
    minEntropy: 3.5,
  },
];
