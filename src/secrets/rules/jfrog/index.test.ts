import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const apiKey = `AKC${"p"}${rand(ALNUM, 69)}`;
function referenceToken(): string {
  for (;;) {
    const b64 = Buffer.from(`reftkn:01:${rand("0123456789", 10)}:${rand(ALNUM, 27)}`).toString(
      "base64",
    );
    if (/^[A-Za-z0-9]{64}$/.test(b64)) return b64;
  }
}
const reference = referenceToken();
const notReference = `cmVm${"d"}${rand(ALNUM, 59)}`;

const cases: Case[] = [
  {
    id: "artifactory-api-key",
    finds: [
      [`ARTIFACTORY_API_KEY=${apiKey}`, apiKey],
      [
        `curl -H "X-JFrog-Art-Api: ${apiKey}" https://acme.jfrog.io/artifactory/api/repositories`,
        apiKey,
      ],
    ],
    ignores: [
      `ARTIFACTORY_API_KEY=AKC${"p"}${rand(ALNUM, 40)}`,
      `ARTIFACTORY_API_KEY=AKC${"p"}${"ab".repeat(34)}a`,
    ],
  },
  {
    id: "artifactory-reference-token",
    finds: [
      [`JFROG_ACCESS_TOKEN=${reference}`, reference],
      [`<password>${reference}</password>`, reference],
    ],
    ignores: [`JFROG_ACCESS_TOKEN=${notReference}`, `JFROG_ACCESS_TOKEN=${reference.slice(0, 40)}`],
  },
];

runCases(rules, cases);
