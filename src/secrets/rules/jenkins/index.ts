import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "jenkins-api-token",
      title: "Jenkins API token",
      severity: "high",
      keywords: ["jenkins"],
      docsUrl:
        "https://www.jenkins.io/doc/book/system-administration/authenticating-scripted-clients/",
    },
    // JENKINS_API_TOKEN, jenkins_token, jenkinsPassword: `11` + 32 hex since Jenkins 2.129,
    // 32 hex before.
    pattern:
      /jenkins[\w.-]{0,30}?(?:token|password|secret)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>11[0-9a-f]{32}|[0-9a-f]{32})(?![0-9A-Za-z])/gi,
    minEntropy: 3,
  },
];
