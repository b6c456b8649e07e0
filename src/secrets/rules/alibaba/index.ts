import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "alibaba-access-key-id",
      title: "Alibaba Cloud AccessKey ID",
      severity: "critical",
      keywords: ["ltai"],
      docsUrl: "https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair",
    },
    pattern: /\bLTAI[A-Za-z0-9]{12,20}\b/g,
    minEntropy: 3,
  },
  {
    meta: {
      id: "alibaba-access-key-secret",
      title: "Alibaba Cloud AccessKey secret",
      severity: "critical",
      keywords: [
        "alibaba",
        "aliyun",
        "alicloud",
        "accesskeysecret",
        "access_key_secret",
        "access-key-secret",
      ],
      docsUrl: "https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair",
    },
    pattern:
      /(?:(?:alibaba|aliyun|alicloud)[\w.-]{0,30}?secret|access[_.-]?key[_.-]?secret)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9]{30})(?![A-Za-z0-9])/gi,
    minEntropy: 3.5,
    pair: { ruleId: "alibaba-access-key-id", withinLines: 5 },
  },
];
