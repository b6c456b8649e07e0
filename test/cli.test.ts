import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { digestOf } from "../src/core/digest.ts";
import { runDrydock, serveDrydock } from "./helpers/process.ts";
import { startRegistry } from "./helpers/server.ts";

// The drydock command as a user runs it: bin/drydock.js in a child process.
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-cli-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("serve speaks HTTPS when given a certificate and key", async () => {
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  // A real self-signed certificate for 127.0.0.1, made with openssl.
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  const server = await serveDrydock(join(dir, "tls-data"), ["--tls-cert", cert, "--tls-key", key], {
    useBin: true,
  });
  try {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = await readFile(cert);
    const { status, headers } = await new Promise<{
      status: number;
      headers: Record<string, unknown>;
    }>((resolve, reject) => {
      get(`${server.url}/v2/`, { ca, timeout: 10_000 }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      }).on("error", reject);
    });
    assert.equal(status, 200);
    assert.equal(headers["docker-distribution-api-version"], "registry/2.0");
  } finally {
    await server.stop();
  }
});

test("logs are JSON lines with a request id per request, echoed as X-Request-Id", async () => {
  const server = await serveDrydock(join(dir, "log-data"));
  try {
    const res = await fetch(`${server.url}/v2/nope/manifests/latest`);
    assert.equal(res.status, 404);
    const requestId = res.headers.get("x-request-id");
    assert.match(
      requestId ?? "",
      /^[A-Za-z0-9_-]{10}-[0-9a-z]+$/,
      "a per-process random prefix and a counter",
    );
    const again = await fetch(`${server.url}/v2/`);
    assert.notEqual(again.headers.get("x-request-id"), requestId, "every request has its own id");
    // The log line is written when the response completes; wait for it, bounded.
    let line: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !line; i++) {
      line = server.logs.find((l) => l.requestId === requestId && l.msg === "request completed");
      if (!line) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(line, "a completion line carries the request id");
    assert.equal(line.status, 404);
    assert.equal(line.method, "GET");
    assert.ok(server.logs.some((l) => l.msg === "listening" && typeof l.url === "string"));
  } finally {
    await server.stop();
  }
});

test("a bad setting stops serve with exit code 2 and names the setting", async () => {
  const r = await runDrydock(["serve", "--port", "http", "--data-dir", join(dir, "unused")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--port: "http" is not a number/);
  const e = await runDrydock(["serve", "--data-dir", join(dir, "unused")], {
    env: { DRYDOCK_GC_UNTAGGED: "perhaps" },
  });
  assert.equal(e.code, 2);
  assert.match(e.stderr, /DRYDOCK_GC_UNTAGGED: "perhaps" is not true or false/);
});

test("settings come from a YAML file given with --config", async () => {
  const file = join(dir, "drydock.yaml");
  await writeFile(file, `storage:\n  dataDir: ${join(dir, "yaml-data")}\nlog:\n  level: info\n`);
  const server = await serveDrydock(join(dir, "flag-data"), ["--config", file]);
  try {
    const listening = server.logs.find((l) => l.msg === "listening");
    assert.equal(listening?.dataDir, join(dir, "flag-data"), "the flag beats the file");
  } finally {
    await server.stop();
  }
});

test("gc --dry-run lists what would go and removes nothing; gc removes it", async () => {
  const data = join(dir, "gc-data");
  const reg = await startRegistry({
    storage: { dataDir: data },
    gc: { intervalMinutes: 0 },
    identity: { auth: "none" },
  });
  const digest = digestOf("a blob no manifest uses");
  const put = await fetch(`${reg.url}/v2/team/app/blobs/uploads/?digest=${digest}`, {
    method: "POST",
    body: "a blob no manifest uses",
  });
  assert.equal(put.status, 201);
  await reg.close({ keepData: true });

  const dry = await runDrydock(["gc", "--dry-run", "--data-dir", data, "--gc-grace", "0"]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, new RegExp(digest.slice(0, 30)));
  assert.match(dry.stdout, /dry run: would remove 0 manifest\(s\), 1 link\(s\), 1 blob\(s\)/);

  const kept = await runDrydock(["gc", "--data-dir", data, "--json"]);
  assert.equal(
    JSON.parse(kept.stdout).blobs.length,
    0,
    "within the default grace period nothing goes",
  );

  const real = await runDrydock(["gc", "--data-dir", data, "--gc-grace", "0"]);
  assert.match(real.stdout, /removed 0 manifest\(s\), 1 link\(s\), 1 blob\(s\)/);
  const again = await runDrydock([
    "gc",
    "--dry-run",
    "--data-dir",
    data,
    "--gc-grace",
    "0",
    "--json",
  ]);
  assert.deepEqual(JSON.parse(again.stdout).blobs, []);
});

test("--version is package.json's version", async () => {
  const r = await runDrydock(["--version"]);
  assert.equal(r.code, 0);
  const pkg = JSON.parse(await readFile(join(import.meta.dirname, "..", "package.json"), "utf8"));
  assert.equal(r.stdout.trim(), pkg.version);
});
