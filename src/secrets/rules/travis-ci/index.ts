import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "travis-ci-token",
      title: "Travis CI API token",
      severity: "high",
      keywords: ["travis"],
      docsUrl: "https://docs.travis-ci.com/user/triggering-builds/",
    },
    // TRAVIS_TOKEN, TRAVIS_API_TOKEN, travis_api_key: 22 of [A-Za-z0-9_-].
    pattern:
      /travis[\w.-]{0,30}?(?:token|api[_.-]?key)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/gi,
    minEntropy: 3.5,
  },
];
