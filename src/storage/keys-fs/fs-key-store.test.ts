import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { SigningKeyRecord } from "../../identity/signing-keys.ts";
import { FsKeyStore } from "./fs-key-store.ts";

const tempDir = () => mkdtempSync(join(tmpdir(), "drydock-keys-"));
const mode = (path: string) => statSync(path).mode & 0o777;

function record(kid: string, createdAt = 1000): SigningKeyRecord {
  return {
    kid,
    privateJwk: { kty: "EC", crv: "P-256", x: "x", y: "y", d: "d" },
    publicJwk: { kty: "EC", crv: "P-256", x: "x", y: "y" },
    createdAt,
    retiredAt: null,
  };
}

test("creates its directory 0700 and writes key files 0600", async () => {
  const dir = join(tempDir(), "keys");
  const store = new FsKeyStore(dir);
  await store.save(record("k1"));
  assert.equal(mode(dir), 0o700);
  assert.equal(mode(join(dir, "k1.json")), 0o600);
  assert.deepEqual(readdirSync(dir), ["k1.json"], "no temp file is left behind");
});

test("tightens an existing directory that is too open", async () => {
  const dir = join(tempDir(), "keys");
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  await new FsKeyStore(dir).list();
  assert.equal(mode(dir), 0o700);
});

test("save, list, replace and remove", async () => {
  const store = new FsKeyStore(tempDir());
  await store.save(record("a", 1));
  await store.save(record("b", 2));
  await store.save({ ...record("a", 1), retiredAt: 5 });
  const listed = await store.list();
  assert.deepEqual(
    listed.map((r) => [r.kid, r.retiredAt]),
    [
      ["a", 5],
      ["b", null],
    ],
  );
  assert.deepEqual(listed[1], record("b", 2));
  await store.remove("a");
  await store.remove("a"); // removing twice is fine
  assert.deepEqual(
    (await store.list()).map((r) => r.kid),
    ["b"],
  );
});

test("a temp file left by an interrupted save is ignored", async () => {
  const dir = tempDir();
  const store = new FsKeyStore(dir);
  await store.save(record("k1"));
  writeFileSync(join(dir, ".k2.abcdef.tmp"), '{"kid":"k2", "half', { mode: 0o600 });
  assert.deepEqual(
    (await store.list()).map((r) => r.kid),
    ["k1"],
  );
});

test("a key file readable by group or others is refused, naming the file", async () => {
  for (const loose of [0o640, 0o604, 0o644]) {
    const dir = tempDir();
    const store = new FsKeyStore(dir);
    await store.save(record("k1"));
    chmodSync(join(dir, "k1.json"), loose);
    await assert.rejects(store.list(), (err: Error) => {
      assert.match(err.message, /k1\.json/);
      assert.match(err.message, /group or others/);
      return true;
    });
  }
});

test("a corrupt key file is refused, naming the file", async () => {
  const dir = tempDir();
  const store = new FsKeyStore(dir);
  writeFileSync(join(dir, "bad.json"), "{not json", { mode: 0o600 });
  await assert.rejects(store.list(), /bad\.json is not a valid key record/);
  writeFileSync(join(dir, "bad.json"), JSON.stringify(record("other")), { mode: 0o600 });
  await assert.rejects(store.list(), /bad\.json is not a valid key record/);
});

test("a kid that is not a plain file name is refused", async () => {
  const store = new FsKeyStore(tempDir());
  for (const kid of ["../x", "a/b", "", ".hidden"])
    await assert.rejects(store.save(record(kid)), /invalid signing key id/);
  await assert.rejects(store.remove("../x"), /invalid signing key id/);
});
