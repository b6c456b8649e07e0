import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CliError } from "./api-client.ts";
import {
  configDir,
  normalizeServer,
  readLogin,
  removeLogin,
  resolveConnection,
  type SavedLogin,
  saveLogin,
} from "./credentials.ts";
import { cliTokenName } from "./login.ts";

test("server addresses: a scheme by default (http for loopback), no credentials, no trailing slash", () => {
  const cases: [string, string | null][] = [
    ["http://127.0.0.1:5000", "http://127.0.0.1:5000"],
    ["http://127.0.0.1:5000/", "http://127.0.0.1:5000"],
    ["127.0.0.1:5000", "http://127.0.0.1:5000"],
    ["localhost:5000", "http://localhost:5000"],
    ["[::1]:5000", "http://[::1]:5000"],
    ["registry.example.com", "https://registry.example.com"],
    ["HTTPS://Registry.Example.com:443/", "https://registry.example.com"],
    ["https://example.com/drydock/", "https://example.com/drydock"],
    ["https://user:pw@example.com", null],
    ["https://example.com/?x=1", null],
    ["ftp://example.com", null],
    ["", null],
    ["http://", null],
  ];
  for (const [text, want] of cases) assert.equal(normalizeServer(text), want, text);
});

test("the config directory: DRYDOCK_CONFIG_DIR, else XDG_CONFIG_HOME/drydock, else ~/.config/drydock", () => {
  assert.equal(configDir({ DRYDOCK_CONFIG_DIR: "/x/y" }), "/x/y");
  assert.equal(configDir({ XDG_CONFIG_HOME: "/cfg" }), "/cfg/drydock");
  assert.match(configDir({}), /\.config[/\\]drydock$/);
});

test("the CLI's token name is one the server accepts", () => {
  for (const host of ["vm", "build-01.example.com", "weird host!@#", "x".repeat(200), ""]) {
    const name = cliTokenName(host);
    assert.match(name, /^[\w .-]{1,64}$/, host);
    assert.ok(name.startsWith("drydock-cli"));
  }
});

const saved: SavedLogin = {
  server: "http://127.0.0.1:5000",
  username: "alice",
  token: "ddp_saved",
  tokenId: "t1",
  expiresAt: "2030-01-01T00:00:00.000Z",
};
const now = new Date("2029-06-01T00:00:00Z");

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof CliError, String(err));
    return err.message;
  }
  assert.fail("expected a refusal");
}

test("connection: the saved login, sent only to its own server", () => {
  const c = resolveConnection({ env: {}, saved, now });
  assert.equal(c.server, "http://127.0.0.1:5000");
  assert.deepEqual(c.auth, { kind: "bearer", token: "ddp_saved" });
  assert.equal(c.login, saved);
  // The same server written another way is still the same server.
  assert.equal(
    resolveConnection({ serverFlag: "127.0.0.1:5000/", env: {}, saved, now }).login,
    saved,
  );
  const other = refusal(() =>
    resolveConnection({ serverFlag: "https://evil.example", env: {}, saved, now }),
  );
  assert.match(
    other,
    /not logged in to https:\/\/evil\.example \(the saved login is for http:\/\/127\.0\.0\.1:5000\)/,
  );
  const viaEnv = refusal(() =>
    resolveConnection({ env: { DRYDOCK_SERVER: "https://evil.example" }, saved, now }),
  );
  assert.match(viaEnv, /not logged in to https:\/\/evil\.example/);
});

test("connection: DRYDOCK_TOKEN and --server/DRYDOCK_SERVER override the saved login", () => {
  const c = resolveConnection({
    serverFlag: "https://other.example",
    env: { DRYDOCK_TOKEN: "ddp_env", DRYDOCK_SERVER: "https://ignored.example" },
    saved,
    now,
  });
  assert.equal(c.server, "https://other.example");
  assert.deepEqual(c.auth, { kind: "bearer", token: "ddp_env" });
  assert.equal(c.login, null);
  const env = resolveConnection({
    env: { DRYDOCK_TOKEN: "ddp_env", DRYDOCK_SERVER: "https://env.example" },
    saved: null,
    now,
  });
  assert.equal(env.server, "https://env.example");
  assert.equal(
    resolveConnection({ env: { DRYDOCK_TOKEN: "ddp_env" }, saved, now }).server,
    saved.server,
    "a token alone goes to the saved login's server",
  );
});

test("connection: an expired login, no login, a bad --server", () => {
  const expired = refusal(() =>
    resolveConnection({ env: {}, saved, now: new Date("2030-01-01T00:00:00Z") }),
  );
  assert.equal(
    expired,
    "drydock: login expired at 2030-01-01T00:00:00.000Z; run drydock login http://127.0.0.1:5000",
  );
  assert.match(
    refusal(() => resolveConnection({ env: {}, saved: null, now })),
    /not logged in; run drydock login/,
  );
  assert.match(
    refusal(() => resolveConnection({ serverFlag: "ftp://x", env: {}, saved, now })),
    /--server: "ftp:\/\/x" is not an http\(s\) URL/,
  );
});

test("the saved login: a 0600 file in a 0700 directory, written atomically, read back checked", async () => {
  const dir = await mkdtemp(join(tmpdir(), "drydock-creds-"));
  try {
    const path = join(dir, "nested", "drydock", "credentials.json");
    assert.equal(await readLogin(path), null);
    await saveLogin(path, saved);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, "nested", "drydock"))).mode & 0o777, 0o700);
    assert.deepEqual(await readLogin(path), saved);
    await saveLogin(path, { ...saved, token: "ddp_new" });
    assert.equal((await readLogin(path))?.token, "ddp_new");
    assert.deepEqual(
      await readdir(join(dir, "nested", "drydock")),
      ["credentials.json"],
      "no temp file left",
    );
    assert.equal(await removeLogin(path), true);
    assert.equal(await removeLogin(path), false);

    await writeFile(path, '{"server": "x"}');
    await assert.rejects(readLogin(path), /is not a saved drydock login/);
    await writeFile(path, "not json");
    await assert.rejects(
      readLogin(path),
      (err: Error) => err instanceof CliError && !err.message.includes("not json"),
      "the file's content is never quoted",
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
