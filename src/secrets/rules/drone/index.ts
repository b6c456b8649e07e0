import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "drone-ci-token",
      title: "Drone CI token",
      severity: "high",
      keywords: ["drone_", "drone-", "drone.", "droneci"],
      docsUrl: "https://docs.drone.io/cli/setup/",
    },
    // DRONE_TOKEN, DRONE_RPC_SECRET, drone-ci token: 32 alphanumerics.
    pattern:
      /\bdrone(?:[_.-]?ci)?[_.-][\w.-]{0,30}?(?:token|secret)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9_-])/gi,
    minEntropy: 3.5,
  },
];
