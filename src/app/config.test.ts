import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Config, ConfigError, loadConfig, resolveConfig, SETTINGS } from "./config.ts";

test("defaults: loopback, port 5000, ./data, 4 MiB manifests", () => {
  const c = resolveConfig({});
  assert.equal(c.server.host, "127.0.0.1");
  assert.equal(c.server.port, 5000);
  assert.equal(c.storage.dataDir, "./data");
  assert.equal(c.registry.maxManifestBytes, 4 * 1024 * 1024);
  assert.equal(c.gc.untaggedManifests, false);
});

test("file < environment < flags", () => {
  const dir = mkdtempSync(join(tmpdir(), "drydock-config-"));
  const file = join(dir, "drydock.yaml");
  writeFileSync(
    file,
    "server:\n  port: 6000\n  host: 0.0.0.0\nstorage:\n  dataDir: /from/file\ngc:\n  graceMinutes: 5\n",
  );
  const c = loadConfig({
    file,
    env: { DRYDOCK_PORT: "7000", DRYDOCK_DATA_DIR: "/from/env", DRYDOCK_GC_UNTAGGED: "yes" },
    flags: { "server.port": "8000" },
  });
  assert.equal(c.server.port, 8000, "flag wins");
  assert.equal(c.storage.dataDir, "/from/env", "environment beats the file");
  assert.equal(c.server.host, "0.0.0.0", "file beats the default");
  assert.equal(c.gc.graceMinutes, 5);
  assert.equal(c.gc.untaggedManifests, true);
});

const bad: [string, () => unknown, RegExp][] = [
  [
    "a port that is not a number",
    () => loadConfig({ env: { DRYDOCK_PORT: "http" } }),
    /DRYDOCK_PORT: "http" is not a number/,
  ],
  [
    "a port out of range",
    () => loadConfig({ flags: { "server.port": "70000" } }),
    /config server\.port/,
  ],
  [
    "a boolean that is not one",
    () => loadConfig({ env: { DRYDOCK_ALLOW_DELETE: "maybe" } }),
    /not true or false/,
  ],
  [
    "a TLS cert without key",
    () => resolveConfig({ server: { tls: { cert: "c.pem" } } }),
    /server\.tls/,
  ],
  [
    "an unknown log level",
    () => resolveConfig({ log: { level: "loud" as "info" } }),
    /config log\.level/,
  ],
  [
    "a missing file",
    () => loadConfig({ file: "/nonexistent/drydock.yaml" }),
    /cannot read config file/,
  ],
];
for (const [why, load, message] of bad) {
  test(`a clear error for ${why}`, () => {
    assert.throws(load, (err: unknown) => err instanceof ConfigError && message.test(err.message));
  });
}

test("a YAML file that is not a mapping is refused with the file name", () => {
  const dir = mkdtempSync(join(tmpdir(), "drydock-config-"));
  const file = join(dir, "list.yaml");
  writeFileSync(file, "- a\n- b\n");
  assert.throws(() => loadConfig({ file }), /list\.yaml: the top level must be a mapping/);
});

test("every leaf of the schema has exactly one setting (env and flag)", () => {
  const leaves: string[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length > 0
    ) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    } else leaves.push(path.join("."));
  };
  walk(
    Config.parse({
      server: { tls: { cert: "c", key: "k" } },
      identity: { externalUrl: "https://registry.example", webhookCaFile: "ca.pem" },
    }),
    [],
  );
  assert.deepEqual(leaves.sort(), SETTINGS.map((s) => s.path).sort());
  assert.equal(new Set(SETTINGS.map((s) => s.env)).size, SETTINGS.length);
  for (const s of SETTINGS) assert.match(s.env, /^DRYDOCK_[A-Z0-9_]+$/);
});
