/**
 * Identity end to end, drydock as its own process with authentication on (the default):
 * skopeo pushes with `--creds` through the token flow, a robot's Docker config file works
 * with skopeo's `--authfile`, a generated admin password is printed once, and at the end no
 * secret handed out during the run appears in the logs, in API listings or in the audit
 * export.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { buildLayer, writeLayout } from "../fixtures/image-builder.ts";
import { type DrydockProcess, spawnDrydock } from "../helpers/process.ts";

let dir: string;
let server: DrydockProcess;
let host: string;
let adminPassword: string;
/** Every secret handed out during the run; none may show up where it should not. */
const secrets: string[] = [];

function run(
  cmd: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { timeout: 180_000, killSignal: "SIGKILL", maxBuffer: 16 << 20 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

async function api(
  method: string,
  path: string,
  body?: unknown,
  auth = basic("admin", adminPassword),
) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: auth, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
  return { text, json: text ? JSON.parse(text) : null };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-e2e-identity-"));
  server = await spawnDrydock(["serve", "--port", "0", "--data-dir", join(dir, "data")], {
    env: {
      DRYDOCK_AUTH: "token",
      DRYDOCK_LOG_LEVEL: "debug",
      DRYDOCK_FAILURE_DELAY_MS: "0",
      DRYDOCK_DELIVERY_FILE_ROOT: join(dir, "deliveries"),
    },
  });
  host = new URL(server.url).host;
  // No DRYDOCK_ADMIN_PASSWORD: a random one is printed once, on stderr.
  const m = /created the system admin "admin" with password (\S+)/.exec(server.stderr());
  assert.ok(m, `no admin password printed: ${server.stderr()}`);
  adminPassword = m[1]!;
  secrets.push(adminPassword);
});

after(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

test("skopeo pushes with --creds through the token flow, and a robot pulls with --authfile", async () => {
  await api("POST", "/namespaces", { name: "team" });
  const dev = await api("POST", "/users", { name: "dev" });
  const devPassword = dev.json.password as string;
  secrets.push(devPassword);
  await api("PUT", "/namespaces/team/members/dev", { role: "developer" });

  const layout = await writeLayout(join(dir, "layout"), "v1", [
    await buildLayer([{ path: "etc/hello.txt", content: "hello from drydock\n" }]),
  ]);
  const push = await run("skopeo", [
    "--insecure-policy",
    "copy",
    "--dest-tls-verify=false",
    `--dest-creds=dev:${devPassword}`,
    layout.ref,
    `docker://${host}/team/app:v1`,
  ]);
  assert.equal(push.code, 0, push.stderr);

  // Without credentials, nothing: the namespace is private.
  const anon = await run("skopeo", [
    "inspect",
    "--tls-verify=false",
    `docker://${host}/team/app:v1`,
  ]);
  assert.notEqual(anon.code, 0);

  const robot = await api("POST", "/namespaces/team/robots", {
    name: "puller",
    permissions: [{ repositories: "app", actions: ["pull"] }],
    delivery: { kind: "docker-config", path: join(dir, "deliveries", "config.json") },
  });
  secrets.push(robot.json.credential.secret);
  // Rotate by hand: the API answers the new secret; write the robot's Docker config with it.
  const rotated = await api("POST", "/namespaces/team/robots/puller/rotate");
  secrets.push(rotated.json.secret);
  const authfile = join(dir, "robot-auth.json");
  const auth = Buffer.from(`${rotated.json.username}:${rotated.json.secret}`).toString("base64");
  await import("node:fs/promises").then((fs) =>
    fs.writeFile(authfile, JSON.stringify({ auths: { [host]: { auth } } }), { mode: 0o600 }),
  );
  const inspect = await run("skopeo", [
    "inspect",
    "--tls-verify=false",
    "--authfile",
    authfile,
    `docker://${host}/team/app:v1`,
  ]);
  assert.equal(inspect.code, 0, inspect.stderr);
  const out = join(dir, "pulled");
  const pull = await run("skopeo", [
    "--insecure-policy",
    "copy",
    "--src-tls-verify=false",
    "--authfile",
    authfile,
    `docker://${host}/team/app:v1`,
    `oci:${out}:v1`,
  ]);
  assert.equal(pull.code, 0, pull.stderr);
  // The robot may only pull: pushing is refused.
  const robotPush = await run("skopeo", [
    "--insecure-policy",
    "copy",
    "--dest-tls-verify=false",
    "--authfile",
    authfile,
    layout.ref,
    `docker://${host}/team/app:v2`,
  ]);
  assert.notEqual(robotPush.code, 0);

  // A personal access token works as a password for skopeo too.
  const pat = await api(
    "POST",
    "/tokens",
    { name: "ci", expiresInSeconds: 3600 },
    basic("dev", devPassword),
  );
  secrets.push(pat.json.token);
  const withPat = await run("skopeo", [
    "inspect",
    "--tls-verify=false",
    `--creds=dev:${pat.json.token}`,
    `docker://${host}/team/app:v1`,
  ]);
  assert.equal(withPat.code, 0, withPat.stderr);

  // Tokens and refresh tokens issued to a client are secrets too.
  const form = new URLSearchParams({
    grant_type: "password",
    username: "dev",
    password: devPassword,
    access_type: "offline",
    scope: "repository:team/app:pull",
  });
  const tok = (await (
    await fetch(`${server.url}/token`, { method: "POST", body: form })
  ).json()) as {
    access_token: string;
    refresh_token: string;
  };
  secrets.push(tok.access_token, tok.refresh_token);
  // A failed sign-in, so that failures are logged and audited too.
  const bad = await fetch(`${server.url}/token?service=drydock`, {
    headers: { authorization: basic("dev", `${devPassword}x`) },
  });
  assert.equal(bad.status, 401);
});

test("no secret appears in the logs, the API listings or the audit export", async () => {
  assert.ok(secrets.length >= 7, `collected ${secrets.length} secrets`);
  const listings = [
    (await api("GET", "/namespaces/team/robots")).text,
    (await api("GET", "/namespaces/team/robots/puller")).text,
    (await api("GET", "/users")).text,
    (await api("GET", "/namespaces/team/members")).text,
    (await api("GET", "/audit?limit=1000")).text,
  ];
  const exportRes = await fetch(`${server.url}/api/v1/audit/export`, {
    headers: { authorization: basic("admin", adminPassword) },
  });
  const audit = await exportRes.text();
  const lines = audit.trim().split("\n");
  assert.ok(lines.length > 10, `audit export has ${lines.length} lines`);
  for (const line of lines) JSON.parse(line);
  const actions = new Set(lines.map((l) => (JSON.parse(l) as { action: string }).action));
  for (const a of [
    "auth.login",
    "token.issue",
    "registry.push",
    "registry.pull",
    "robot.create",
    "robot.rotate",
    "namespace.create",
    "member.set",
    "pat.create",
  ])
    assert.ok(actions.has(a), `audit has ${a}: ${[...actions].join(" ")}`);

  await server.stop();
  const logs = server.stdout() + server.stderr();
  const delivered = await readFile(join(dir, "deliveries", "config.json"), "utf8").catch(() => "");
  for (const [where, text] of [
    ["logs", logs.replace(`password ${adminPassword}`, "")],
    ["listings", listings.join("\n")],
    ["audit export", audit],
  ] as const)
    for (const s of secrets)
      assert.ok(!text.includes(s), `a secret (${s.slice(0, 6)}...) appears in the ${where}`);
  // The one-time print of the generated admin password is the only place it appears.
  assert.equal(logs.split(adminPassword).length - 1, 1);
  assert.equal(typeof delivered, "string");
});
