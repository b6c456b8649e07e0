import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function body(): string {
  for (;;) {
    const s = rand(ALNUM, 32);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]|[A-Z]{2}/.test(s)) return s;
  }
}
const token = `ci${"o"}${body()}`;

const cases: Case[] = [
  {
    id: "crates-io-api-token",
    finds: [
      [`[registry]\ntoken = "${token}"\n`, token],
      [`CARGO_REGISTRY_TOKEN=${token}`, token],
    ],
    ignores: [
      `CARGO_REGISTRY_TOKEN=ci${"o"}${rand(ALNUM, 20)}`,
      `let cioConfigurationManagerFactoryImpls = 1;`,
      `CARGO_REGISTRY_TOKEN=ci${"o"}${"Ab".repeat(16)}`,
    ],
  },
];

runCases(rules, cases);
