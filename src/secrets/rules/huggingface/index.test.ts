import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function letters(n: number): string {
  for (;;) {
    const s = rand(LETTERS, n);
    if (/[a-z]/.test(s) && /[A-Z]{2}/.test(s)) return s;
  }
}
const token = `h${"f"}_${letters(34)}`;
const org = `api_${"org"}_${letters(34)}`;

const cases: Case[] = [
  {
    id: "huggingface-access-token",
    finds: [
      [`HF_TOKEN=${token}`, token],
      [`login(token="${token}")`, token],
    ],
    ignores: [
      `model = "h${"f"}_${"abcdefghijklmnopqrstuvwxyzabcdefgh"}"`,
      `HF_TOKEN=h${"f"}_${letters(20)}`,
      `HF_TOKEN=h${"f"}_${letters(30)}1234`,
      `const h${"f"}_ThisIsMyVeryOwnModelNameForTheDemo = 1;`,
    ],
  },
  {
    id: "huggingface-organization-token",
    finds: [
      [`HF_ORG_TOKEN=${org}`, org],
      [`{"token": "${org}"}`, org],
    ],
    ignores: [
      `HF_ORG_TOKEN=api_${"org"}_${letters(20)}`,
      `x = api_${"org"}_${"settings_loader_for_the_main_page"}x`,
    ],
  },
];

runCases(rules, cases);
