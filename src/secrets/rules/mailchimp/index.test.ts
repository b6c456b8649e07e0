import { randomInt } from "node:crypto";
import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const key = `${rand(HEX, 32)}-us${1 + randomInt(21)}`;
const mandrill = rand(B64URL, 22);

const cases: Case[] = [
  {
    id: "mailchimp-api-key",
    finds: [
      [`MAILCHIMP_API_KEY=${key}`, key],
      [`mailchimp.setConfig({ apiKey: "${key}", server: "us6" });`, key],
    ],
    ignores: [
      `MAILCHIMP_API_KEY=${rand(HEX, 32)}`,
      `MAILCHIMP_API_KEY=${rand(HEX, 30)}-us6`,
      `MAILCHIMP_API_KEY=${"0".repeat(32)}-us6`,
      `locale=${rand(HEX, 32)}-usa`,
    ],
  },
  {
    id: "mandrill-api-key",
    finds: [
      [`MANDRILL_API_KEY=${mandrill}`, mandrill],
      [`mandrill_client = mailchimp_transactional.Client(); mandrillKey = '${mandrill}'`, mandrill],
    ],
    ignores: [
      `API_KEY=${mandrill}`,
      `MANDRILL_API_KEY=${rand(B64URL, 30)}`,
      `MANDRILL_TEMPLATE=welcome_email_template`,
    ],
  },
];

runCases(rules, cases);
