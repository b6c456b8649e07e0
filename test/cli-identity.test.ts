import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { type DrydockProcess, repoRoot, serveDrydock } from "./helpers/process.ts";

// The identity commands as a user runs them: the real CLI in a child process, against a real
// server in another, with a config directory of its own.

const ADMIN_PASSWORD = "Correct-Horse-Battery-Staple-42";
let dir: string;
let configDir: string;
let server: DrydockProcess;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-cli-identity-"));
  configDir = join(dir, "config");
  server = await serveDrydock(join(dir, "data"), [], {
    env: {
      DRYDOCK_AUTH: "token",
      DRYDOCK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DRYDOCK_FAILURE_DELAY_MS: "0",
    },
  });
});

after(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `drydock ARGS` with `input` on standard input, bounded; never the caller's own login. */
function cli(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: "1",
    DRYDOCK_CONFIG_DIR: configDir,
    ...opts.env,
  };
  if (!opts.env?.DRYDOCK_TOKEN) delete env.DRYDOCK_TOKEN;
  if (!opts.env?.DRYDOCK_SERVER) delete env.DRYDOCK_SERVER;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(repoRoot, "src/cli/main.ts"), ...args],
    {
      cwd: repoRoot,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => {
    stdout += c;
  });
  child.stderr.setEncoding("utf8").on("data", (c: string) => {
    stderr += c;
  });
  child.stdin.end(opts.input ?? "");
  return new Promise<Run>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`drydock ${args.join(" ")}: still running after 60 s`));
    }, 60_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function ok(r: Run, what: string): Run {
  assert.equal(r.code, 0, `${what}: exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

function registryHost(): string {
  return new URL(server.url).host;
}

/** GET /token with Basic credentials: the status. */
async function tokenStatus(username: string, secret: string): Promise<number> {
  const res = await fetch(`${server.url}/token?scope=repository:team-a/app/web:pull`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${secret}`).toString("base64")}` },
  });
  await res.body?.cancel();
  return res.status;
}

async function meStatus(token: string): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.body?.cancel();
  return res.status;
}

function decodeAuth(config: { auths: Record<string, { auth: string }> }): [string, string] {
  const entry = config.auths[registryHost()];
  assert.ok(entry, `an auths entry for ${registryHost()}`);
  const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

const credentialsFile = () => join(configDir, "credentials.json");
let firstSecret = "";

test("a wrong password: exit 1, a clear message, nothing saved", async () => {
  const r = await cli(["login", server.url, "-u", "admin", "--password-stdin"], {
    input: "not-the-password\n",
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^drydock: UNAUTHORIZED: authentication failed: .* \(HTTP 401\)$/m);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, "no stack trace");
  await assert.rejects(stat(credentialsFile()), { code: "ENOENT" });
});

test("login: the password from stdin becomes a saved token (0600), never the password", async () => {
  const r = ok(
    await cli(["login", server.url, "-u", "admin", "--password-stdin"], {
      input: `${ADMIN_PASSWORD}\n`,
    }),
    "login",
  );
  assert.match(r.stdout, new RegExp(`logged in to ${server.url} as admin`));
  const st = await stat(credentialsFile());
  assert.equal(st.mode & 0o777, 0o600);
  assert.equal((await stat(configDir)).mode & 0o777, 0o700);
  const text = await readFile(credentialsFile(), "utf8");
  assert.ok(!text.includes(ADMIN_PASSWORD), "the password is not saved");
  const saved = JSON.parse(text);
  assert.equal(saved.server, server.url);
  assert.equal(saved.username, "admin");
  assert.match(saved.token, /^ddp_/);
  const hours = (Date.parse(saved.expiresAt) - Date.now()) / 3_600_000;
  assert.ok(hours > 11.9 && hours <= 12, `expires in 12 h by default (${hours})`);
  assert.equal(await meStatus(saved.token), 200);
});

test("namespaces: create, list, members", async () => {
  ok(await cli(["namespace", "create", "team-a"]), "namespace create");
  const list = JSON.parse(ok(await cli(["namespace", "list", "--json"]), "list").stdout);
  assert.deepEqual(
    list.map((n: { name: string; public: boolean }) => [n.name, n.public]),
    [["team-a", false]],
  );
  assert.match(ok(await cli(["namespace", "list"]), "list").stdout, /team-a/);

  const user = ok(
    await cli(["user", "create", "alice", "--password-stdin"], { input: "Alice-Password-123!\n" }),
    "user create",
  );
  assert.doesNotMatch(user.stdout, /password/i, "a given password is not echoed");
  ok(await cli(["namespace", "add-member", "team-a", "alice", "developer"]), "add-member");
  const members = ok(await cli(["namespace", "members", "team-a"]), "members").stdout;
  assert.match(members, /alice\s*│\s*developer/);
  const bad = await cli(["namespace", "add-member", "team-a", "alice", "boss"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"boss" is not a role/);
});

test("robot create --format docker-config: the auth is username:secret, and the secret signs in", async () => {
  const r = ok(
    await cli([
      "robot",
      "create",
      "team-a",
      "ci",
      "--permission",
      "app/*:pull,push",
      "--ttl",
      "24h",
      "--overlap",
      "1h",
      "--format",
      "docker-config",
    ]),
    "robot create",
  );
  assert.match(r.stderr, /shown only this once/);
  const [username, secret] = decodeAuth(JSON.parse(r.stdout));
  assert.equal(username, "robot$team-a+ci");
  assert.match(secret, /^ddr_/);
  assert.equal(await tokenStatus(username, secret), 200);
  assert.equal(await tokenStatus(username, `${secret}x`), 401);
  firstSecret = secret;
});

test("robot rotate --format k8s-secret: a dockerconfigjson Secret with the new secret", async () => {
  const r = ok(
    await cli([
      "robot",
      "rotate",
      "team-a",
      "ci",
      "--format",
      "k8s-secret",
      "--k8s-namespace",
      "prod",
    ]),
    "rotate",
  );
  const secret = parse(r.stdout);
  assert.equal(secret.kind, "Secret");
  assert.equal(secret.type, "kubernetes.io/dockerconfigjson");
  assert.equal(secret.metadata.name, "drydock-team-a-ci");
  assert.equal(secret.metadata.namespace, "prod");
  const config = JSON.parse(Buffer.from(secret.data[".dockerconfigjson"], "base64").toString());
  const [username, newSecret] = decodeAuth(config);
  assert.equal(username, "robot$team-a+ci");
  assert.notEqual(newSecret, firstSecret);
  assert.equal(await tokenStatus(username, newSecret), 200);

  // --output writes the same kind of file with mode 0600 and prints no secret.
  const out = join(dir, "out", "secret.yaml");
  await mkdir(join(dir, "out"));
  const written = ok(
    await cli(["robot", "rotate", "team-a", "ci", "--format", "k8s-secret", "--output", out]),
    "rotate --output",
  );
  assert.equal(written.stdout, "");
  assert.equal((await stat(out)).mode & 0o777, 0o600);
  const fromFile = parse(await readFile(out, "utf8"));
  const [, third] = decodeAuth(
    JSON.parse(Buffer.from(fromFile.data[".dockerconfigjson"], "base64").toString()),
  );
  assert.equal(await tokenStatus("robot$team-a+ci", third), 200);
  assert.ok(!written.stderr.includes(third));
});

test("robot list and show never print a secret", async () => {
  const table = ok(await cli(["robot", "list", "team-a"]), "robot list").stdout;
  assert.match(table, /robot\$team-a\+ci/);
  const json = ok(await cli(["robot", "list", "team-a", "--json"]), "robot list --json").stdout;
  const show = ok(await cli(["robot", "show", "team-a", "ci"]), "robot show").stdout;
  for (const text of [table, json, show]) {
    assert.doesNotMatch(text, /ddr_/);
    assert.ok(!text.includes(firstSecret));
  }
  assert.equal(JSON.parse(json)[0].name, "ci");
  assert.match(show, /permissions: +app\/\*:pull,push/);
});

test("audit: query shows robot.create; export is NDJSON", async () => {
  const table = ok(await cli(["audit", "query", "--action", "robot.*"]), "audit query").stdout;
  assert.match(table, /robot\.create\s*│\s*team-a\/ci\s*│\s*success/);
  const page = JSON.parse(
    ok(await cli(["audit", "query", "--action", "robot.create", "--json"]), "query --json").stdout,
  );
  assert.equal(page.events.length, 1);
  assert.equal(page.events[0].actor, "admin");
  assert.equal(page.events[0].target, "team-a/ci");
  assert.match(page.events[0].userAgent, /^drydock-cli\//);

  const exported = ok(await cli(["audit", "export", "--since", "1h"]), "export").stdout;
  const lines = exported.trimEnd().split("\n");
  const events = lines.map((l) => JSON.parse(l));
  assert.ok(events.length >= 5);
  assert.ok(events.some((e) => e.action === "robot.create" && e.target === "team-a/ci"));
  assert.ok(
    events.every((e, i) => i === 0 || e.id > events[i - 1].id),
    "in order",
  );
  assert.doesNotMatch(exported, /ddr_|ddp_/, "no secrets in the trail");
});

test("token create/list/revoke", async () => {
  const created = JSON.parse(
    ok(await cli(["token", "create", "ci script", "--expires", "1d", "--json"]), "token create")
      .stdout,
  );
  assert.match(created.token, /^ddp_/);
  assert.equal(await meStatus(created.token), 200);
  const list = ok(await cli(["token", "list"]), "token list").stdout;
  assert.match(list, /ci script/);
  assert.match(list, /\(this login\)/);
  assert.ok(!list.includes(created.token));
  ok(await cli(["token", "revoke", created.id]), "token revoke");
  assert.equal(await meStatus(created.token), 401);
});

test("an expired saved login says so", async () => {
  const saved = JSON.parse(await readFile(credentialsFile(), "utf8"));
  const other = join(dir, "expired-config");
  await mkdir(other, { mode: 0o700 });
  await writeFile(
    join(other, "credentials.json"),
    JSON.stringify({ ...saved, expiresAt: "2020-01-01T00:00:00.000Z" }),
    { mode: 0o600 },
  );
  const r = await cli(["namespace", "list"], { env: { DRYDOCK_CONFIG_DIR: other } });
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    `drydock: login expired at 2020-01-01T00:00:00.000Z; run drydock login ${server.url}\n`,
  );
});

test("logout revokes the token and forgets it", async () => {
  const saved = JSON.parse(await readFile(credentialsFile(), "utf8"));
  assert.equal(await meStatus(saved.token), 200);
  ok(await cli(["logout"]), "logout");
  assert.equal(await meStatus(saved.token), 401, "the token no longer works");
  await assert.rejects(stat(credentialsFile()), { code: "ENOENT" });
  const r = await cli(["namespace", "list"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^drydock: not logged in; run drydock login/);
});

test("an unreachable server is named in the message", async () => {
  // A port that was just free: nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const login = await cli(["login", url, "-u", "admin", "--password-stdin"], { input: "x\n" });
  assert.equal(login.code, 1);
  assert.equal(login.stderr, `drydock: cannot reach the server at ${url} (ECONNREFUSED)\n`);
  const list = await cli(["namespace", "list", "--server", url], {
    env: { DRYDOCK_TOKEN: "ddp_whatever" },
  });
  assert.equal(list.code, 1);
  assert.equal(list.stderr, `drydock: cannot reach the server at ${url} (ECONNREFUSED)\n`);
});
