import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const api = `xkey${"sib"}-${rand(HEX, 64)}-${rand(ALNUM, 16)}`;
const smtp = `xsmtp${"sib"}-${rand(HEX, 64)}-${rand(ALNUM, 16)}`;

const cases: Case[] = [
  {
    id: "brevo-api-key",
    finds: [
      [`BREVO_API_KEY=${api}`, api],
      [`sendinblue:\n  api_key: "${api}"`, api],
    ],
    ignores: [`BREVO_API_KEY=xkey${"sib"}-${rand(HEX, 64)}`, `BREVO_API_KEY=${smtp}`],
  },
  {
    id: "brevo-smtp-key",
    finds: [
      [`SMTP_PASSWORD=${smtp}`, smtp],
      [`spring.mail.password=${smtp}`, smtp],
    ],
    ignores: [
      `SMTP_PASSWORD=xsmtp${"sib"}-${rand(HEX, 60)}-${rand(ALNUM, 16)}`,
      `SMTP_PASSWORD=${api}`,
    ],
  },
];

runCases(rules, cases);
