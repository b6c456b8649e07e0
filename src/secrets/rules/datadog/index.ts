import type { SecretRule } from "../../types.ts";

const DOCS = "https://docs.datadoghq.com/account_management/api-app-keys/";

/**
 * Datadog API keys (32 hex) and application keys (40 hex) carry no prefix: each must be
 * assigned to a name with `datadog` or the agent's `DD_API_KEY` / `DD_APP_KEY` on one line.
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "datadog-api-key",
      title: "Datadog API key",
      severity: "high",
      keywords: ["datadog", "dd_api_key", "dd-api-key"],
      docsUrl: DOCS,
    },
    pattern:
      /(?:datadog|dd_api_key|dd-api-key)[\w.-]{0,24}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[0-9a-f]{32})(?![\w-])/gi,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "datadog-application-key",
      title: "Datadog application key",
      severity: "high",
      keywords: ["datadog", "dd_app_key", "dd-app-key", "dd_application_key", "dd-application-key"],
      docsUrl: DOCS,
    },
    pattern:
      /(?:datadog|dd[_-]app(?:lication)?[_-]key)[\w.-]{0,24}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[0-9a-f]{40})(?![\w-])/gi,
    minEntropy: 2.6,
  },
];
