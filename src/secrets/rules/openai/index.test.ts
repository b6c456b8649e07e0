import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const MARK = "T3Blbk" + "FJ";
const modern = (kind: string): string => `sk-${kind}-${rand(B64URL, 74)}${MARK}${rand(B64URL, 74)}`;
const project = modern("proj");
const projectShort = `sk-${"proj"}-${rand(B64URL, 58)}${MARK}${rand(B64URL, 58)}`;
const service = modern("svcacct");
const admin = modern("admin");
const legacy = `sk-${rand(ALNUM, 20)}${MARK}${rand(ALNUM, 20)}`;

const cases: Case[] = [
  {
    id: "openai-project-api-key",
    finds: [
      [`OPENAI_API_KEY=${project}`, project],
      [`client = OpenAI(api_key="${projectShort}")`, projectShort],
    ],
    ignores: [
      `OPENAI_API_KEY=sk-${"proj"}-${rand(B64URL, 156)}`,
      `OPENAI_API_KEY=sk-${"proj"}-${rand(B64URL, 20)}${MARK}${rand(B64URL, 20)}`,
      `OPENAI_API_KEY=${service}`,
      `OPENAI_API_KEY=sk-${"proj"}-${"A".repeat(74)}${MARK}${"A".repeat(74)}`,
    ],
  },
  {
    id: "openai-service-account-key",
    finds: [
      [`OPENAI_API_KEY=${service}`, service],
      [`{"openai": {"apiKey": "${service}"}}`, service],
    ],
    ignores: [`OPENAI_API_KEY=sk-${"svcacct"}-${rand(B64URL, 120)}`, `OPENAI_API_KEY=${project}`],
  },
  {
    id: "openai-admin-key",
    finds: [
      [`OPENAI_ADMIN_KEY=${admin}`, admin],
      [`openai_admin_key: '${admin}'`, admin],
    ],
    ignores: [
      `OPENAI_ADMIN_KEY=sk-${"admin"}-${rand(B64URL, 150)}`,
      `OPENAI_ADMIN_KEY=sk-${"admin"}-short`,
    ],
  },
  {
    id: "openai-legacy-api-key",
    finds: [
      [`OPENAI_API_KEY=${legacy}`, legacy],
      [`openai.api_key = "${legacy}"`, legacy],
    ],
    ignores: [
      `OPENAI_API_KEY=sk-${rand(ALNUM, 48)}`,
      `OPENAI_API_KEY=sk-${rand(ALNUM, 10)}${MARK}${rand(ALNUM, 20)}`,
    ],
  },
];

runCases(rules, cases);
