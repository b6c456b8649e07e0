import { randomInt } from "node:crypto";
import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const DIGITS = "0123456789";
const UPPER = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const num = (n: number): string => String(1 + randomInt(9)) + rand(DIGITS, n - 1);
const xox = (kind: string): string => "xo" + `x${kind}-`;

const bot = `${xox("b")}${num(12)}-${num(13)}-${rand(ALNUM, 24)}`;
const legacyBot = `${xox("b")}${num(11)}-${rand(ALNUM, 24)}`;
const user = `${xox("p")}${num(12)}-${num(12)}-${num(13)}-${rand(HEX, 32)}`;
const workspace = `${xox("a")}2-${num(12)}-${num(12)}-${num(13)}-${rand(HEX, 64)}`;
const refresh = `${xox("r")}${rand(ALNUM, 40)}`;
const legacy = `${xox("s")}${num(10)}-${num(11)}-${num(12)}-${rand(HEX, 64)}`;
const app = `xa${"pp"}-1-A${rand(UPPER, 10)}-${num(13)}-${rand(HEX, 64)}`;
const config = `xo${"xe"}.${xox("p")}1-${rand(ALNUM, 166)}`;
const configRefresh = `xo${"xe"}-1-${rand(ALNUM, 146)}`;
const HOOKS = "https://hooks.slack" + ".com";
const webhook = `${HOOKS}/services/T${rand(UPPER, 8)}/B${rand(UPPER, 10)}/${rand(ALNUM, 24)}`;
const workflow = `${HOOKS}/workflows/T${rand(UPPER, 10)}/A${rand(UPPER, 10)}/${num(18)}/${rand(ALNUM, 32)}`;
const trigger = `${HOOKS}/triggers/T${rand(UPPER, 10)}/${num(13)}/${rand(HEX, 32)}`;

const cases: Case[] = [
  {
    id: "slack-bot-token",
    finds: [
      [`SLACK_BOT_TOKEN=${bot}`, bot],
      [`slack:\n  token: "${legacyBot}"`, legacyBot],
      [`app = App(token="${bot}")`, bot],
    ],
    ignores: [
      `SLACK_BOT_TOKEN=${xox("b")}${num(12)}-${num(13)}-${rand(ALNUM, 10)}`,
      `SLACK_BOT_TOKEN=${xox("b")}your-bot-token`,
      `SLACK_BOT_TOKEN=${xox("b")}${rand(ALNUM, 24)}`,
      `SLACK_BOT_TOKEN=${xox("b")}000000000000-0000000000000-${"0".repeat(24)}`,
    ],
  },
  {
    id: "slack-user-token",
    finds: [
      [`SLACK_USER_TOKEN=${user}`, user],
      [`{"slack_token": "${user}"}`, user],
    ],
    ignores: [`SLACK_USER_TOKEN=${xox("p")}${num(12)}-${rand(HEX, 32)}`, `SLACK_USER_TOKEN=${bot}`],
  },
  {
    id: "slack-workspace-access-token",
    finds: [
      [`SLACK_TOKEN=${workspace}`, workspace],
      [`token: '${workspace}'`, workspace],
    ],
    ignores: [`SLACK_TOKEN=${xox("a")}2-short`, `SLACK_TOKEN=${xox("a")}${"1".repeat(30)}`],
  },
  {
    id: "slack-workspace-refresh-token",
    finds: [
      [`SLACK_REFRESH_TOKEN=${refresh}`, refresh],
      [`{"refresh_token": "${refresh}"}`, refresh],
    ],
    ignores: [`SLACK_REFRESH_TOKEN=${xox("r")}abc`, `SLACK_REFRESH_TOKEN=${workspace}`],
  },
  {
    id: "slack-legacy-token",
    finds: [
      [`SLACK_API_TOKEN=${legacy}`, legacy],
      [`slack_token = "${legacy}"`, legacy],
    ],
    ignores: [
      `SLACK_API_TOKEN=${xox("s")}${num(10)}-${rand(HEX, 64)}`,
      `SLACK_API_TOKEN=${xox("s")}1-2-3-${rand(HEX, 8)}`,
    ],
  },
  {
    id: "slack-app-level-token",
    finds: [
      [`SLACK_APP_TOKEN=${app}`, app],
      [`app_token: "${app}"`, app],
    ],
    ignores: [
      `SLACK_APP_TOKEN=xa${"pp"}-1-A${rand(UPPER, 10)}-${num(13)}-${rand(HEX, 40)}`,
      `SLACK_APP_TOKEN=xa${"pp"}-1-${rand(HEX, 64)}`,
    ],
  },
  {
    id: "slack-configuration-token",
    finds: [
      [`SLACK_CONFIG_TOKEN=${config}`, config],
      [`{"access_token": "${config}"}`, config],
    ],
    ignores: [
      `SLACK_CONFIG_TOKEN=xo${"xe"}.${xox("p")}1-${rand(ALNUM, 60)}`,
      `SLACK_CONFIG_TOKEN=${configRefresh}`,
    ],
  },
  {
    id: "slack-configuration-refresh-token",
    finds: [
      [`SLACK_CONFIG_REFRESH_TOKEN=${configRefresh}`, configRefresh],
      [`refresh_token: ${configRefresh}`, configRefresh],
    ],
    ignores: [
      `SLACK_CONFIG_REFRESH_TOKEN=xo${"xe"}-1-${rand(ALNUM, 40)}`,
      `SLACK_CONFIG_TOKEN=${config}`,
    ],
  },
  {
    id: "slack-webhook-url",
    finds: [
      [`SLACK_WEBHOOK_URL=${webhook}`, webhook],
      [`curl -X POST -d '{"text":"hi"}' ${webhook}`, webhook],
    ],
    ignores: [
      `${HOOKS}/services/T${rand(UPPER, 8)}/B${rand(UPPER, 10)}/${rand(ALNUM, 12)}`,
      `${HOOKS}/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`,
      `${HOOKS}/services/T00000000/B00000000/${"0".repeat(24)}`,
      `${HOOKS}/services/`,
    ],
  },
  {
    id: "slack-workflow-webhook-url",
    finds: [
      [`SLACK_WORKFLOW_URL=${workflow}`, workflow],
      [`url: "${trigger}"`, trigger],
    ],
    ignores: [
      `${HOOKS}/workflows/T${rand(UPPER, 10)}/A${rand(UPPER, 10)}/`,
      `${HOOKS}/triggers/T${rand(UPPER, 10)}/${num(13)}/${rand(HEX, 16)}`,
    ],
  },
];

runCases(rules, cases);
