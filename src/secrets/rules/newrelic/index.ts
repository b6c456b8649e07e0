import type { SecretRule } from "../../types.ts";

const DOCS = "https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/";

/**
 * Whether the token's run of characters ends where the match ends. A look-ahead in the pattern
 * would rescan the body from every repetition of a repeated prefix; this keeps the scan linear.
 */
const runEnds = (_secret: string, match: RegExpExecArray): boolean =>
  !/[A-Za-z0-9_-]/.test(match.input.charAt(match.index + match[0].length));

/** New Relic keys: a four-letter kind (`NRAK-`, `NRII-`, `NRIQ-`, `NRJS-`) or an `NRAL` suffix. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "newrelic-user-api-key",
      title: "New Relic user API key",
      severity: "high",
      keywords: ["nrak-"],
      docsUrl: DOCS,
    },
    pattern: /\bNRAK-[A-Z0-9]{27}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "newrelic-license-key",
      title: "New Relic ingest license key",
      severity: "high",
      keywords: ["nral"],
      docsUrl: DOCS,
    },
    pattern: /(?<![A-Za-z0-9])[0-9a-f]{36}NRAL(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "newrelic-insert-key",
      title: "New Relic Insights insert key",
      severity: "high",
      keywords: ["nrii-"],
      docsUrl: DOCS,
    },
    pattern: /\bNRII-[A-Za-z0-9_-]{32}/g,
    minEntropy: 2.5,
    validate: runEnds,
  },
  {
    meta: {
      id: "newrelic-insights-query-key",
      title: "New Relic Insights query key",
      severity: "medium",
      keywords: ["nriq-"],
      docsUrl: DOCS,
    },
    pattern: /\bNRIQ-[A-Za-z0-9_-]{32}/g,
    minEntropy: 2.5,
    validate: runEnds,
  },
  {
    meta: {
      id: "newrelic-browser-key",
      title: "New Relic browser key",
      severity: "low",
      keywords: ["nrjs-"],
      docsUrl: DOCS,
    },
    pattern: /\bNRJS-[a-f0-9]{19}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
];
