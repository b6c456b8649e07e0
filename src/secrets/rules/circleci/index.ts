import type { SecretRule } from "../../types.ts";

const DOCS = "https://circleci.com/docs/guides/toolkit/managing-api-tokens/";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "circleci-personal-token",
      title: "CircleCI personal API token",
      severity: "high",
      keywords: ["ccipat_"],
      docsUrl: DOCS,
    },
    pattern: /\bCCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}\b/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "circleci-project-token",
      title: "CircleCI project API token",
      severity: "high",
      keywords: ["cciprj_"],
      docsUrl: DOCS,
    },
    pattern: /\bCCIPRJ_[A-Za-z0-9]{22}_[a-f0-9]{40}\b/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "circleci-legacy-token",
      title: "CircleCI API token (unprefixed format)",
      severity: "high",
      keywords: ["circleci", "circle_ci", "circle_token", "circle-token", "circletoken"],
      docsUrl: DOCS,
    },
    // CIRCLECI_TOKEN, CIRCLE_TOKEN, the Circle-Token header: 40 hex characters.
    pattern:
      /(?:circle[_.-]?ci[\w.-]{0,30}?token|circle[_.-]?token)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[a-f0-9]{40})(?![0-9A-Za-z])/gi,
    minEntropy: 3,
  },
];
