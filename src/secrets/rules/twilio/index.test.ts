import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const sid = `AC${rand(HEX, 32)}`;
const authToken = rand(HEX, 32);
const keySid = `SK${rand(HEX, 32)}`;
const keySecret = rand(ALNUM, 32);

const cases: Case[] = [
  {
    id: "twilio-account-sid",
    finds: [
      [`TWILIO_ACCOUNT_SID=${sid}`, sid],
      [`client = twilio.Client("${sid}", token)`, sid],
    ],
    ignores: [`ACCOUNT_SID=${sid}`, `TWILIO_ACCOUNT_SID=AC${rand(HEX, 20)}`],
  },
  {
    id: "twilio-auth-token",
    finds: [
      [`TWILIO_AUTH_TOKEN=${authToken}`, authToken],
      [`{"twilioAuthToken": "${authToken}"}`, authToken],
    ],
    ignores: [
      `AUTH_TOKEN=${authToken}`,
      `TWILIO_ACCOUNT_SID=${sid}`,
      `TWILIO_AUTH_TOKEN=${rand(HEX, 30)}`,
      `TWILIO_API_SECRET=${authToken}`,
    ],
  },
  {
    id: "twilio-api-key",
    finds: [
      [`TWILIO_API_KEY=${keySid}`, keySid],
      [`{"twilio": {"apiKey": "${keySid}"}}`, keySid],
    ],
    ignores: [`API_KEY=${keySid}`, `TWILIO_API_KEY=SK${rand(HEX, 40)}`],
  },
  {
    id: "twilio-api-key-secret",
    finds: [
      [`TWILIO_API_SECRET=${keySecret}`, keySecret],
      [`twilio_api_key_secret: "${keySecret}"`, keySecret],
    ],
    ignores: [
      `API_SECRET=${keySecret}`,
      `TWILIO_API_SECRET=${rand(ALNUM, 24)}`,
      `TWILIO_API_SECRET=${"aB".repeat(16)}`,
    ],
  },
];

runCases(rules, cases);
