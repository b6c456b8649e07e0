import type { SecretRule } from "../../types.ts";

/** The line around a match (at most `radius` characters each way). */
function lineOf(match: RegExpExecArray, radius = 4096): string {
  const text = match.input;
  const from = Math.max(0, match.index - radius);
  const to = Math.min(text.length, match.index + match[0].length + radius);
  const start = text.lastIndexOf("\n", match.index) + 1;
  const end = text.indexOf("\n", match.index);
  return text.slice(Math.max(from, start), end === -1 ? to : Math.min(end, to));
}

/** A SAS signature is HMAC-SHA256, base64: 43 characters and one `=`, usually URL-encoded. */
function isSasSignature(secret: string, match: RegExpExecArray): boolean {
  let raw: string;
  try {
    raw = decodeURIComponent(secret);
  } catch {
    return false;
  }
  return /^[A-Za-z0-9+/]{43}=$/.test(raw) && /\bsv=\d{4}-\d\d-\d\d/.test(lineOf(match));
}

export const rules: SecretRule[] = [
  {
    meta: {
      id: "azure-storage-account-key",
      title: "Azure storage account key",
      severity: "critical",
      keywords: ["accountkey=", "azure"],
      docsUrl: "https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage",
    },
    // In a connection string (storage, Cosmos DB) or behind an azure…key name.
    pattern:
      /(?:\bAccountKey=|azure[\w.-]{0,30}?(?:storage|account)[\w.-]{0,20}?key[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5})(?<secret>[A-Za-z0-9+/]{86}==)/gi,
    minEntropy: 4.5,
  },
  {
    meta: {
      id: "azure-shared-access-key",
      title: "Azure Service Bus / Event Hubs / IoT Hub shared access key",
      severity: "high",
      keywords: ["sharedaccesskey="],
      docsUrl: "https://learn.microsoft.com/en-us/azure/service-bus-messaging/service-bus-sas",
    },
    pattern: /\bSharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/gi,
    minEntropy: 4,
  },
  {
    meta: {
      id: "azure-sas-token",
      title: "Azure shared access signature (SAS) token",
      severity: "high",
      keywords: ["sig="],
      docsUrl: "https://learn.microsoft.com/en-us/azure/storage/common/storage-sas-overview",
    },
    // The signature of a SAS URL or connection string; `sv=<date>` on the same line says SAS.
    pattern: /[?&;]sig=(?<secret>(?:[A-Za-z0-9+/=]|%2[BbFf]|%3[Dd]){43,100})(?![A-Za-z0-9%])/g,
    validate: isSasSignature,
  },
  {
    meta: {
      id: "azure-ad-client-secret",
      title: "Microsoft Entra ID (Azure AD) client secret",
      severity: "high",
      keywords: ["0q~", "1q~", "2q~", "3q~", "4q~", "5q~", "6q~", "7q~", "8q~", "9q~"],
      docsUrl: "https://learn.microsoft.com/en-us/entra/identity-platform/how-to-add-credentials",
    },
    // Secrets issued since 2021: three characters, a digit, `Q~`, then 31–34 more.
    pattern:
      /(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "azure-ad-legacy-client-secret",
      title: "Microsoft Entra ID (Azure AD) client secret (legacy format)",
      severity: "high",
      keywords: ["client_secret", "client-secret", "clientsecret", "client.secret"],
      docsUrl: "https://learn.microsoft.com/en-us/entra/identity-platform/how-to-add-credentials",
    },
    // AZURE_CLIENT_SECRET, ARM_CLIENT_SECRET (Terraform), AadClientSecret, entra.client-secret
    pattern:
      /(?<![A-Za-z])(?:azure|aad|entra|arm)[\w.-]{0,20}?client[_.-]?secret[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9_~.@:[\]=+/?*-]{32,44})(?![^\s'"`,;])/gi,
    minEntropy: 4,
    // The current format has its own rule.
    validate: (secret) => !/\dQ~/.test(secret),
  },
  {
    meta: {
      id: "azure-devops-pat",
      title: "Azure DevOps personal access token",
      severity: "high",
      keywords: ["azdo"],
      docsUrl:
        "https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate",
    },
    // Since July 2024: 84 characters with the fixed signature AZDO at positions 76–79.
    pattern: /\b[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}\b/g,
    minEntropy: 4,
  },
  {
    meta: {
      id: "azure-devops-legacy-pat",
      title: "Azure DevOps personal access token (52-character format)",
      severity: "high",
      keywords: ["devops", "vsts", "azdo", "ado_", "ado-", "ado."],
      docsUrl:
        "https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate",
    },
    pattern:
      /(?<![A-Za-z])(?:azure[_.-]?devops|devops|vsts|azdo|ado)[\w.-]{0,30}?(?:pat(?![a-z])|token|password)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z2-7]{52})(?![A-Za-z0-9])/gi,
    minEntropy: 4,
    // The flag `i` serves the names; the token itself is lowercase base32.
    validate: (secret) => /^[a-z2-7]{52}$/.test(secret),
  },
];
