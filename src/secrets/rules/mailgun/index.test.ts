import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

const legacy = `key-${rand(HEX, 32)}`;
const current = `${rand(HEX, 32)}-${rand(HEX, 8)}-${rand(HEX, 8)}`;

const cases: Case[] = [
  {
    id: "mailgun-api-key",
    finds: [
      [`MAILGUN_API_KEY=${legacy}`, legacy],
      [`mailgun_private_key: "${current}"`, current],
      [
        `requests.post("https://api.mailgun.net/v3/mg.example.org/messages", auth=("api", "${current}"))`,
        current,
      ],
    ],
    ignores: [
      `API_KEY=${legacy}`,
      `MAILGUN_API_KEY=key-${rand(HEX, 30)}`,
      `MAILGUN_PUBLIC_KEY=pub${legacy}`,
      `mailgun\nAPI_KEY=${current}`,
    ],
  },
];

runCases(rules, cases);
