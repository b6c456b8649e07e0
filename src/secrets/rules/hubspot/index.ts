import type { SecretRule } from "../../types.ts";

/** HubSpot private app tokens (`pat-na1-<uuid>`) and retired `hapikey` API keys (UUIDs). */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "hubspot-private-app-token",
      title: "HubSpot private app access token",
      severity: "high",
      keywords: ["pat-na", "pat-eu", "pat-ap"],
      docsUrl: "https://developers.hubspot.com/docs/api/private-apps",
    },
    pattern:
      /\bpat-(?:na|eu|ap)[0-9]{1,2}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "hubspot-api-key",
      title: "HubSpot API key (hapikey, retired)",
      severity: "medium",
      keywords: ["hubspot", "hapikey"],
      docsUrl: "https://developers.hubspot.com/changelog/upcoming-api-key-sunset",
    },
    pattern:
      /(?:hubspot|hapikey)[\w.-]{0,24}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])/gi,
    minEntropy: 3,
  },
];
