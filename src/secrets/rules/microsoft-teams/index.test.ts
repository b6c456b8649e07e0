import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const uuid = (): string =>
  [rand(HEX, 8), rand(HEX, 4), rand(HEX, 4), rand(HEX, 4), rand(HEX, 12)].join("-");
const HOST = "https://contoso.webhook.office" + ".com/webhookb2/";
const webhook = `${HOST}${uuid()}@${uuid()}/IncomingWebhook/${rand(HEX, 32)}/${uuid()}`;
const webhookV2 = `${webhook}/V2${rand(B64URL, 40)}`;
const legacy = `https://outlook.office.com/${"webhook"}/${uuid()}@${uuid()}/IncomingWebhook/${rand(HEX, 32)}/${uuid()}`;
const sig = rand(B64URL, 43);
const LOGIC = "https://prod-27.westus.logic.azure" + ".com:443/workflows/";
const workflow = `${LOGIC}${rand(HEX, 32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`;
const PP =
  "https://default1234.56.environment.api.powerplatform" +
  ".com:443/powerautomate/automations/direct";
const powerAutomate = `${PP}/workflows/${rand(HEX, 32)}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`;

const cases: Case[] = [
  {
    id: "microsoft-teams-webhook-url",
    finds: [
      [`TEAMS_WEBHOOK_URL=${webhook}`, webhook],
      [`teams:\n  webhook: "${webhookV2}"`, webhookV2],
      [`Invoke-RestMethod -Uri "${legacy}" -Method Post`, legacy],
    ],
    ignores: [
      `${HOST}${uuid()}@${uuid()}/IncomingWebhook/`,
      `${HOST}${uuid()}/IncomingWebhook/${rand(HEX, 32)}/${uuid()}`,
      `${HOST}${uuid()}@${uuid()}/IncomingWebhook/${"0".repeat(32)}/${uuid()}`,
    ],
  },
  {
    id: "microsoft-teams-workflow-webhook-url",
    finds: [
      [`TEAMS_WORKFLOW_URL=${workflow}`, sig],
      [`url: "${powerAutomate}"`, sig],
    ],
    ignores: [
      workflow.replace(/&sig=.*/, ""),
      workflow.replace(sig, "short"),
      `${LOGIC}${rand(HEX, 32)}/triggers/manual/paths/invoke?api-version=2016-06-01`,
    ],
  },
];

runCases(rules, cases);
