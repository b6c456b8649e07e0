import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const API = "sk-ant-" + "api03-";
const ADMIN = "sk-ant-" + "admin01-";
const key = `${API}${rand(B64URL, 93)}AA`;
const admin = `${ADMIN}${rand(B64URL, 93)}AA`;

const cases: Case[] = [
  {
    id: "anthropic-api-key",
    finds: [
      [`ANTHROPIC_API_KEY=${key}`, key],
      [`client = anthropic.Anthropic(api_key="${key}")`, key],
    ],
    ignores: [
      `ANTHROPIC_API_KEY=${API}${rand(B64URL, 80)}AA`,
      `ANTHROPIC_API_KEY=${API}${rand(B64URL, 93)}BB`,
      `ANTHROPIC_API_KEY=${API}${"x".repeat(93)}AA`,
      `ANTHROPIC_API_KEY=${API}${"A".repeat(93)}AA`,
      `ANTHROPIC_API_KEY=${key}${rand(B64URL, 4)}`,
    ],
  },
  {
    id: "anthropic-admin-api-key",
    finds: [
      [`ANTHROPIC_ADMIN_KEY=${admin}`, admin],
      [`{"x-api-key": "${admin}"}`, admin],
    ],
    ignores: [`ANTHROPIC_ADMIN_KEY=${ADMIN}${rand(B64URL, 50)}AA`, `ANTHROPIC_ADMIN_KEY=${key}`],
  },
];

runCases(rules, cases);
