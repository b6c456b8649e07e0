import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { strToU8, zipSync } from "fflate";
import { openTarget } from "../../src/scanner/image/open.ts";
import { SecretEngine } from "../../src/secrets/engine.ts";
import { scanImageSecrets } from "../../src/secrets/image.ts";
import type { Finding } from "../../src/secrets/types.ts";
import {
  type BuiltLayer,
  buildLayer,
  writeDockerArchive,
  writeLayout,
} from "../fixtures/image-builder.ts";
import { GENERATORS, seeded } from "../fixtures/secrets-corpus.ts";
import { runDrydock } from "../helpers/process.ts";

/**
 * Secrets in an image: a file that a later layer deletes (whiteout) is still in the first
 * layer's blob, so it is reported, naming that layer; the config's Env and a history step's
 * created_by are reported with their field. The same image as an OCI layout and as a docker
 * archive, then once through the CLI.
 */
let dir: string;
let layers: BuiltLayer[];
const r = seeded(7);
const envSecret = GENERATORS["stripe-live-secret-key"]!(r).lines[0]!.match(/sk_live_\w+/)![0];
const dotenv = GENERATORS["slack-bot-token"]!(r).lines[0]!;
const apiToken = GENERATORS["github-pat"]!(r).lines[0]!.split("=")[1]!;
const historyToken = GENERATORS["gitlab-pat"]!(r).lines[0]!.split("=")[1]!;
const bigFileKey = GENERATORS["sendgrid-api-key"]!(r).lines[0]!;
const jarKey = GENERATORS["mailgun-api-key"]!(r).lines[0]!;
const config = {
  config: {
    Env: ["PATH=/usr/local/bin:/usr/bin", `API_TOKEN=${apiToken}`],
    Labels: { maintainer: "team-a" },
    Cmd: ["node", "server.js"],
  },
  history: [
    { created_by: "/bin/sh -c #(nop) ADD file:app in /app" },
    {
      created_by: `/bin/sh -c git clone https://oauth2:${historyToken}@gitlab.com/org/app.git && rm -rf app/.git`,
    },
    { created_by: "/bin/sh -c rm /app/.env" },
  ],
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-image-secrets-"));
  layers = [
    await buildLayer([
      { path: "/app/server.js", content: "console.log('hello');\n" },
      { path: "/app/.env", content: `NODE_ENV=production\n${dotenv}\nSTRIPE_KEY=${envSecret}\n` },
      // Above the 10 MiB read-whole size: streamed through the engine.
      { path: "/app/dump.sql", content: `${"-- filler line\n".repeat(800_000)}${bigFileKey}\n` },
      {
        path: "/app/lib/app.jar",
        content: Buffer.from(
          zipSync({
            "BOOT-INF/classes/application.properties": strToU8(`server.port=8080\n${jarKey}\n`),
          }),
        ),
      },
      {
        path: "/app/logo.png",
        content: Buffer.concat([Buffer.from([0x89, 0x50, 0, 0]), Buffer.from(dotenv)]),
      },
    ]),
    await buildLayer([{ path: "/app/.env", type: "whiteout" }], "zstd"),
  ];
});
after(async () => rm(dir, { recursive: true, force: true }));

function summary(findings: Finding[]) {
  return findings
    .map((f) => `${f.ruleId} ${f.origin.layer} ${f.origin.field ?? "-"} ${f.origin.path}:${f.line}`)
    .sort();
}

async function scan(ref: string) {
  const target = await openTarget(ref, { credentials: null });
  if (target.kind !== "image") throw new Error("unreachable");
  try {
    return await scanImageSecrets(target.source, new SecretEngine());
  } finally {
    await target.source.close();
  }
}

test("a deleted file, a file in a jar, the config's Env, a history step: all reported, by layer and field", async () => {
  const oci = await writeLayout(join(dir, "oci"), "v1", layers, { config });
  const archive = await writeDockerArchive(join(dir, "image.tar"), layers, { config });
  for (const [ref, layerId] of [
    [oci.ref, layers[0]!.digest],
    [archive.ref, layers[0]!.diffId], // a docker archive has no blob digests: the diff_id names it
  ] as const) {
    const result = await scan(ref);
    assert.deepEqual(
      summary(result.findings),
      [
        // The token in a clone URL: one finding, by the token's own rule (the URL rule yields).
        "github-pat config Env config:2",
        "gitlab-pat history history history[1]:1",
        `mailgun-api-key ${layerId} - /app/lib/app.jar!BOOT-INF/classes/application.properties:2`,
        `sendgrid-api-key ${layerId} - /app/dump.sql:800001`,
        `slack-bot-token ${layerId} - /app/.env:2`,
        `stripe-live-secret-key ${layerId} - /app/.env:3`,
      ].sort(),
      ref,
    );
    assert.deepEqual(result.errors, []);
    assert.equal(result.stats.layers, 2);
    // server.js, .env, dump.sql, app.jar, logo.png (binary: handed over, skipped by the engine).
    assert.equal(result.stats.files, 5);
  }
});

test("drydock scan image --scanners secrets --format json", async () => {
  const { ref } = await writeLayout(join(dir, "cli"), "v1", layers, { config });
  const run = await runDrydock(["scan", "image", ref, "--scanners", "secrets", "--format", "json"]);
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as {
    target: { kind: string; path: string };
    findings: {
      ruleId: string;
      path: string;
      line: number;
      layer?: string;
      field?: string;
      redacted: string;
      secret?: string;
    }[];
  };
  assert.deepEqual(report.target, { kind: "image", path: ref });
  const rows = report.findings
    .map((f) => `${f.ruleId} ${f.layer} ${f.field ?? "-"} ${f.path}:${f.line}`)
    .sort();
  assert.deepEqual(rows, [
    "github-pat config Env config:2",
    "gitlab-pat history history history[1]:1",
    `mailgun-api-key ${layers[0]!.digest} - /app/lib/app.jar!BOOT-INF/classes/application.properties:2`,
    `sendgrid-api-key ${layers[0]!.digest} - /app/dump.sql:800001`,
    `slack-bot-token ${layers[0]!.digest} - /app/.env:2`,
    `stripe-live-secret-key ${layers[0]!.digest} - /app/.env:3`,
  ]);
  assert.ok(!run.stdout.includes(apiToken), "secrets are redacted unless --show-secrets");
  assert.ok(report.findings.every((f) => f.secret === undefined));

  const quiet = await runDrydock([
    "scan",
    "image",
    ref,
    "--scanners",
    "secrets",
    "--format",
    "json",
    "--exit-code",
    "0",
  ]);
  assert.equal(quiet.code, 0, quiet.stderr);
  const both = await runDrydock([
    "scan",
    "image",
    ref,
    "--scanners",
    "packages,secrets",
    "--format",
    "json",
    "--no-cache",
  ]);
  assert.equal(both.code, 1, both.stderr);
  const doc = JSON.parse(both.stdout) as {
    packages: { schemaVersion: number };
    secrets: { findings: unknown[] };
  };
  assert.equal(doc.packages.schemaVersion, 1);
  assert.equal(doc.secrets.findings.length, 6);
  const bad = await runDrydock([
    "scan",
    "image",
    ref,
    "--scanners",
    "secrets",
    "--format",
    "cyclonedx",
  ]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /does not go with --scanners secrets/);
});
