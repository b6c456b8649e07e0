import assert from "node:assert/strict";
import { randomBytes, randomInt } from "node:crypto";
import { test } from "node:test";
import { ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

// Fake secrets are made at test time, so that no real-looking key sits in the source; a draw
// that happens to read as a placeholder (`…fake…`, `${`) is drawn again.
const rand = (alphabet: string, n: number): string => {
  for (;;) {
    const s = Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join("");
    if (!isPlaceholder(s)) return s;
  }
};
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B32 = "abcdefghijklmnopqrstuvwxyz234567";

const b64 = (bytes: number) => randomBytes(bytes).toString("base64");
const storageKey = () => {
  // 64 bytes always end in "==".
  return b64(64);
};
const connection = (key: string) =>
  `DefaultEndpointsProtocol=https;AccountName=drydocktest;AccountKey=${key};EndpointSuffix=core.windows.net`;
const sig = () => encodeURIComponent(b64(32));
const sasUrl = (s: string, version = "sv=2022-11-02&") =>
  `https://drydocktest.blob.core.windows.net/layers/x.tar?${version}ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z&spr=https&sig=${s}`;
const adSecret = () => rand(B62 + "_~.", 3) + rand("0123456789", 1) + "Q~" + rand(B62 + "_~.-", 34);
const legacyAdSecret = () => rand(B62, 1) + rand(B62 + "_-.[]:@=", 31);
const devopsPat = () => rand(B62, 76) + "AZDO" + rand(B62, 4);

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  [
    "azure-storage-account-key",
    `AZURE_STORAGE_CONNECTION_STRING="${connection(storageKey())}"`,
    true,
    "connection string",
  ],
  [
    "azure-storage-account-key",
    `  "ConnectionStrings": { "Blob": "${connection(storageKey())}" }`,
    true,
    "appsettings.json",
  ],
  [
    "azure-storage-account-key",
    `AZURE_STORAGE_KEY=${storageKey()}`,
    true,
    ".env with a storage key name",
  ],
  ["azure-storage-account-key", `AccountKey=${storageKey().slice(0, 60)}==`, false, "too short"],
  ["azure-storage-account-key", `key=${storageKey()}`, false, "no context"],
  ["azure-storage-account-key", `AccountKey=${"A".repeat(86)}==`, false, "no entropy"],

  [
    "azure-shared-access-key",
    `Endpoint=sb://drydock.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${b64(32)}`,
    true,
    "Service Bus",
  ],
  [
    "azure-shared-access-key",
    `"iothub": "HostName=hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${b64(32)}"`,
    true,
    "IoT Hub",
  ],
  ["azure-shared-access-key", `SharedAccessKey=${b64(16)}`, false, "16 bytes"],
  ["azure-shared-access-key", `SharedAccessKeyName=${b64(32)}`, false, "the key name field"],

  ["azure-sas-token", `BLOB_URL=${sasUrl(sig())}`, true, "SAS URL"],
  [
    "azure-sas-token",
    `BlobEndpoint=https://x.blob.core.windows.net/;SharedAccessSignature=sv=2021-06-08&ss=b&srt=co&sp=r&sig=${sig()}`,
    true,
    "connection string",
  ],
  [
    "azure-sas-token",
    `https://x/?sp=r&st=2024-01-01&se=2024-02-01&spr=https&sv=2022-11-02&sr=b&sig=${b64(32)}`,
    true,
    "unencoded, sv after sig",
  ],
  ["azure-sas-token", sasUrl(sig(), ""), false, "no sv= (not a SAS)"],
  ["azure-sas-token", sasUrl(encodeURIComponent(b64(20))), false, "not a 32-byte signature"],
  ["azure-sas-token", `https://api.example/cb?sig=${sig()}`, false, "a signature on a non-SAS URL"],

  ["azure-ad-client-secret", `AZURE_CLIENT_SECRET=${adSecret()}`, true, ".env line"],
  ["azure-ad-client-secret", `"ClientSecret": "${adSecret()}"`, true, "appsettings.json"],
  ["azure-ad-client-secret", `secret: ${adSecret().slice(0, 30)}`, false, "too short"],
  ["azure-ad-client-secret", `secret: abcQ~${rand(B62, 34)}`, false, "no digit before Q~"],

  ["azure-ad-legacy-client-secret", `AZURE_CLIENT_SECRET="${legacyAdSecret()}"`, true, ".env line"],
  [
    "azure-ad-legacy-client-secret",
    `  ARM_CLIENT_SECRET: ${legacyAdSecret()}`,
    true,
    "Terraform env in YAML",
  ],
  [
    "azure-ad-legacy-client-secret",
    `AZURE_CLIENT_SECRET=${adSecret()}`,
    false,
    "the current format (own rule)",
  ],
  [
    "azure-ad-legacy-client-secret",
    `CLIENT_SECRET="${legacyAdSecret()}"`,
    false,
    "no azure context",
  ],
  [
    "azure-ad-legacy-client-secret",
    `AZURE_CLIENT_SECRET=\${{ secrets.AZURE_CLIENT_SECRET }}`,
    false,
    "a reference",
  ],

  ["azure-devops-pat", `AZURE_DEVOPS_EXT_PAT=${devopsPat()}`, true, ".env line"],
  [
    "azure-devops-pat",
    `git clone https://user:${devopsPat()}@dev.azure.com/org/project/_git/repo`,
    true,
    "in a URL",
  ],
  ["azure-devops-pat", `pat=${rand(B62, 75)}AZDO${rand(B62, 4)}`, false, "AZDO one place early"],
  ["azure-devops-pat", `pat=${rand(B62, 76)}AZDX${rand(B62, 4)}`, false, "no AZDO signature"],

  ["azure-devops-legacy-pat", `AZURE_DEVOPS_PAT=${rand(B32, 52)}`, true, ".env line"],
  ["azure-devops-legacy-pat", `  vstsToken: "${rand(B32, 52)}"`, true, "YAML"],
  [
    "azure-devops-legacy-pat",
    `AZURE_DEVOPS_PAT=${rand(B32, 52).toUpperCase()}`,
    false,
    "uppercase",
  ],
  ["azure-devops-legacy-pat", `TOKEN=${rand(B32, 52)}`, false, "no context"],
  ["azure-devops-legacy-pat", `AZURE_DEVOPS_PAT=${rand(B32, 50)}`, false, "too short"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every azure rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
