import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const DIGITS = "0123456789";
const ntn = `nt${"n"}_${rand(DIGITS, 11)}${rand(ALNUM, 35)}`;
function legacyBody(): string {
  for (;;) {
    const s = rand(ALNUM, 43);
    if (/[A-Z]{2}/.test(s) && /[0-9]/.test(s)) return s;
  }
}
const legacy = `secret_${legacyBody()}`;

const cases: Case[] = [
  {
    id: "notion-integration-token",
    finds: [
      [`NOTION_TOKEN=${ntn}`, ntn],
      [`const notion = new Client({ auth: "${ntn}" });`, ntn],
    ],
    ignores: [
      `NOTION_TOKEN=nt${"n"}_${rand(ALNUM, 46).replace(/[0-9]/g, "a")}`,
      `NOTION_TOKEN=nt${"n"}_${rand(DIGITS, 11)}${rand(ALNUM, 20)}`,
    ],
  },
  {
    id: "notion-legacy-integration-token",
    finds: [
      [`NOTION_TOKEN=${legacy}`, legacy],
      [`notion:\n  auth: '${legacy}'`, legacy],
    ],
    ignores: [
      `const secret_${"a".repeat(43)} = 1;`,
      `def secret_manager_client_configuration_loader_v2_factory(): pass`,
      `class secret_ManagerClientConfigurationLoaderFactoryV2Xy {}`,
      `NOTION_TOKEN=secret_${rand(ALNUM, 30)}`,
    ],
  },
];

runCases(rules, cases);
