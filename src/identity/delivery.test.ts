import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { parse as parseYaml } from "yaml";
import { ManualClock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import {
  Deliverer,
  DeliveryError,
  type DeliveryTarget,
  dockerConfigJson,
  kubernetesSecret,
  parseDeliveryTarget,
  type RobotCredential,
  signWebhook,
  verifyWebhookSignature,
} from "./delivery.ts";

const run = promisify(execFile);

const SECRET = "ddr_TESTsecretTESTsecretTESTsecretTESTsecret123abcXYZ";
const KEY = Buffer.from("0123456789abcdef0123456789abcdef");
const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

function cred(over: Partial<RobotCredential> = {}): RobotCredential {
  return {
    registry: "127.0.0.1:5000",
    username: "robot$team-a+ci",
    secret: SECRET,
    expiresAt: new Date(NOW + 86_400_000),
    robot: "ci",
    namespace: "team-a",
    ...over,
  };
}

/** A logger that keeps every line, so tests can check the secret never reached it. */
function captureLogger(): { log: Logger; lines: unknown[] } {
  const lines: unknown[] = [];
  const make = (bindings: Record<string, unknown>): Logger => ({
    debug: (msg, fields) => lines.push({ level: "debug", msg, ...bindings, ...fields }),
    info: (msg, fields) => lines.push({ level: "info", msg, ...bindings, ...fields }),
    warn: (msg, fields) => lines.push({ level: "warn", msg, ...bindings, ...fields }),
    error: (msg, fields) => lines.push({ level: "error", msg, ...bindings, ...fields }),
    child: (more) => make({ ...bindings, ...more }),
  });
  return { log: make({}), lines };
}

function assertNoSecret(what: unknown, label: string): void {
  const text = typeof what === "string" ? what : JSON.stringify(what);
  assert.ok(!text.includes(SECRET), `${label} holds the secret`);
  const b64 = Buffer.from(`robot$team-a+ci:${SECRET}`).toString("base64");
  assert.ok(!text.includes(b64), `${label} holds the encoded secret`);
}

function setup(settings: ConstructorParameters<typeof Deliverer>[1] = {}) {
  const { log, lines } = captureLogger();
  const deliverer = new Deliverer(
    { clock: new ManualClock(NOW), log },
    { timeoutMs: 5_000, ...settings },
  );
  return { deliverer, lines };
}

/** Runs `fn`, expects a DeliveryError and checks it and the logs do not leak the secret. */
async function expectFailure(
  fn: () => Promise<void>,
  lines: unknown[],
  reason: DeliveryError["reason"],
  message: RegExp,
): Promise<DeliveryError> {
  let caught: unknown;
  try {
    await fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof DeliveryError, `expected a DeliveryError, got ${String(caught)}`);
  assert.equal(caught.reason, reason, caught.message);
  assert.match(caught.message, message);
  assertNoSecret(caught.message, "the error message");
  assertNoSecret(String(caught.stack), "the error stack");
  assertNoSecret(lines, "the logs");
  return caught;
}

function decodeAuth(entry: unknown): string {
  const auth = (entry as { auth: string }).auth;
  return Buffer.from(auth, "base64").toString("utf8");
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-delivery-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("dockerConfigJson", () => {
  const entry = {
    username: "robot$team-a+ci",
    password: SECRET,
    auth: Buffer.from(`robot$team-a+ci:${SECRET}`).toString("base64"),
  };
  const cases: { name: string; existing: unknown; want: unknown }[] = [
    {
      name: "no existing config",
      existing: undefined,
      want: { auths: { "127.0.0.1:5000": entry } },
    },
    { name: "an empty config", existing: {}, want: { auths: { "127.0.0.1:5000": entry } } },
    {
      name: "another registry is kept",
      existing: { auths: { "ghcr.io": { auth: "b3RoZXI6c2VjcmV0" } } },
      want: { auths: { "ghcr.io": { auth: "b3RoZXI6c2VjcmV0" }, "127.0.0.1:5000": entry } },
    },
    {
      name: "the same registry is replaced whole",
      existing: { auths: { "127.0.0.1:5000": { auth: "b2xkOm9sZA==", identitytoken: "x" } } },
      want: { auths: { "127.0.0.1:5000": entry } },
    },
    {
      name: "credsStore and other keys are kept",
      existing: {
        credsStore: "desktop",
        credHelpers: { "gcr.io": "gcloud" },
        HttpHeaders: { "User-Agent": "x" },
        auths: {},
      },
      want: {
        credsStore: "desktop",
        credHelpers: { "gcr.io": "gcloud" },
        HttpHeaders: { "User-Agent": "x" },
        auths: { "127.0.0.1:5000": entry },
      },
    },
  ];
  for (const c of cases)
    test(c.name, () => assert.deepEqual(dockerConfigJson([cred()], c.existing), c.want));

  test("several credentials land side by side", () => {
    const config = dockerConfigJson([cred(), cred({ registry: "registry.example:443" })]) as {
      auths: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(config.auths), ["127.0.0.1:5000", "registry.example:443"]);
  });

  test("the auth field round-trips to user:secret", () => {
    const config = dockerConfigJson([cred()]) as { auths: Record<string, unknown> };
    assert.equal(decodeAuth(config.auths["127.0.0.1:5000"]), `robot$team-a+ci:${SECRET}`);
  });

  for (const existing of [[1, 2], "text", 42, { auths: [] }, { auths: "x" }])
    test(`refuses an existing config that is not one: ${JSON.stringify(existing)}`, () =>
      assert.throws(() => dockerConfigJson([cred()], existing), DeliveryError));

  for (const bad of [{ registry: "__proto__" }, { registry: "https://x/" }, { username: "a:b" }])
    test(`refuses a malformed credential ${JSON.stringify(bad)}`, () =>
      assert.throws(() => dockerConfigJson([cred(bad)]), DeliveryError));
});

describe("kubernetesSecret", () => {
  test("is a dockerconfigjson Secret whose auth round-trips", () => {
    const secret = kubernetesSecret(cred(), "registry-creds", "ci") as {
      apiVersion: string;
      kind: string;
      type: string;
      metadata: { name: string; namespace: string; annotations: Record<string, string> };
      data: Record<string, string>;
    };
    assert.equal(secret.apiVersion, "v1");
    assert.equal(secret.kind, "Secret");
    assert.equal(secret.type, "kubernetes.io/dockerconfigjson");
    assert.equal(secret.metadata.name, "registry-creds");
    assert.equal(secret.metadata.namespace, "ci");
    assert.deepEqual(secret.metadata.annotations, {
      "drydock.dev/robot": "team-a/ci",
      "drydock.dev/registry": "127.0.0.1:5000",
      "drydock.dev/expires-at": "2026-03-02T12:00:00Z",
    });
    assert.deepEqual(Object.keys(secret.data), [".dockerconfigjson"]);
    const config = JSON.parse(Buffer.from(secret.data[".dockerconfigjson"]!, "base64").toString());
    assert.deepEqual(Object.keys(config.auths), ["127.0.0.1:5000"]);
    assert.equal(decodeAuth(config.auths["127.0.0.1:5000"]), `robot$team-a+ci:${SECRET}`);
  });

  for (const [name, ns] of [
    ["Registry", "ci"],
    ["creds_1", "ci"],
    ["creds", "a.b"],
    ["creds", "x".repeat(64)],
  ] as const)
    test(`refuses names that are not DNS-1123: ${name} in ${ns.slice(0, 10)}`, () =>
      assert.throws(() => kubernetesSecret(cred(), name, ns), DeliveryError));
});

describe("webhook signatures", () => {
  const body = '{"event":"robot.secret.rotated"}';
  const t = 1_770_000_000;
  const good = signWebhook(body, KEY, t);
  const sig = good.split(",v1=")[1]!;

  test("has the documented shape", () => assert.match(good, /^t=1770000000,v1=[0-9a-f]{64}$/));

  const cases: {
    name: string;
    header: string;
    body?: string;
    key?: Buffer;
    now?: number;
    ok: boolean;
  }[] = [
    { name: "good", header: good, ok: true },
    { name: "good, within tolerance", header: good, now: t + 300, ok: true },
    {
      name: "good among several v1 values",
      header: `t=${t},v1=${"0".repeat(64)},v1=${sig}`,
      ok: true,
    },
    { name: "unknown schemes ignored", header: `t=${t},v0=abc,v1=${sig}`, ok: true },
    { name: "tampered body", header: good, body: body.replace("rotated", "rotatex"), ok: false },
    { name: "wrong key", header: good, key: Buffer.from("another key, 16+ bytes"), ok: false },
    { name: "stale timestamp", header: good, now: t + 301, ok: false },
    { name: "timestamp from the future", header: good, now: t - 301, ok: false },
    { name: "timestamp changed", header: `t=${t + 1},v1=${sig}`, ok: false },
    { name: "empty header", header: "", ok: false },
    { name: "no timestamp", header: `v1=${sig}`, ok: false },
    { name: "no signature", header: `t=${t}`, ok: false },
    { name: "two timestamps", header: `t=${t},t=${t},v1=${sig}`, ok: false },
    { name: "short signature", header: `t=${t},v1=${sig.slice(2)}`, ok: false },
    { name: "upper-case hex", header: `t=${t},v1=${sig.toUpperCase()}`, ok: false },
    { name: "garbage", header: "not a signature", ok: false },
    { name: "negative timestamp", header: `t=-1,v1=${sig}`, ok: false },
    { name: "huge header", header: `${good},${"x=y,".repeat(500)}`, ok: false },
  ];
  for (const c of cases)
    test(c.name, () =>
      assert.equal(
        verifyWebhookSignature(c.header, c.body ?? body, c.key ?? KEY, c.now ?? t),
        c.ok,
      ),
    );
});

describe("parseDeliveryTarget", () => {
  const valid: [unknown, DeliveryTarget, boolean?][] = [
    [
      { kind: "webhook", url: "https://ci.example/hooks/drydock" },
      { kind: "webhook", url: "https://ci.example/hooks/drydock" },
    ],
    [
      { kind: "webhook", url: "https://127.0.0.1:8443/x", extra: 1 },
      { kind: "webhook", url: "https://127.0.0.1:8443/x" },
    ],
    [
      { kind: "webhook", url: "http://127.0.0.1:8080/x" },
      { kind: "webhook", url: "http://127.0.0.1:8080/x" },
      true,
    ],
    [
      { kind: "webhook", url: "http://localhost/x" },
      { kind: "webhook", url: "http://localhost/x" },
      true,
    ],
    [
      { kind: "docker-config", path: "/home/ci/.docker/config.json" },
      { kind: "docker-config", path: "/home/ci/.docker/config.json" },
    ],
    [
      {
        kind: "k8s-secret",
        path: "/srv/manifests/creds.yaml",
        secretName: "registry-creds.team-a",
        k8sNamespace: "ci",
      },
      {
        kind: "k8s-secret",
        path: "/srv/manifests/creds.yaml",
        secretName: "registry-creds.team-a",
        k8sNamespace: "ci",
      },
    ],
  ];
  for (const [input, want, insecure] of valid)
    test(`accepts ${JSON.stringify(input)}`, () =>
      assert.deepEqual(parseDeliveryTarget(input, { allowInsecureHttp: insecure }), want));

  const invalid: [unknown, boolean?][] = [
    [null],
    ["https://ci.example"],
    [{ kind: "email", to: "a@b" }],
    [{ kind: "webhook" }],
    [{ kind: "webhook", url: "not a url" }],
    [{ kind: "webhook", url: "http://ci.example/x" }],
    [{ kind: "webhook", url: "http://ci.example/x" }, true],
    [{ kind: "webhook", url: "http://127.0.0.1:8080/x" }],
    [{ kind: "webhook", url: "http://10.0.0.1/x" }, true],
    [{ kind: "webhook", url: "ftp://ci.example/x" }],
    [{ kind: "webhook", url: "https://user:pass@ci.example/x" }],
    [{ kind: "docker-config", path: "relative/config.json" }],
    [{ kind: "docker-config", path: "/a/../etc/passwd" }],
    [{ kind: "docker-config", path: "/a/b/" }],
    [{ kind: "docker-config", path: "/a/b\0c" }],
    [{ kind: "k8s-secret", path: "/a.yaml", secretName: "Creds", k8sNamespace: "ci" }],
    [{ kind: "k8s-secret", path: "/a.yaml", secretName: "creds", k8sNamespace: "team.a" }],
    [{ kind: "k8s-secret", path: "/a.yaml", secretName: "creds" }],
  ];
  for (const [input, insecure] of invalid)
    test(`refuses ${JSON.stringify(input)}${insecure ? " (insecure http allowed)" : ""}`, () =>
      assert.equal(parseDeliveryTarget(input, { allowInsecureHttp: insecure }), null));

  test("file roots confine file targets", () => {
    const opts = { fileRoots: ["/srv/drydock/"] };
    assert.ok(parseDeliveryTarget({ kind: "docker-config", path: "/srv/drydock/a.json" }, opts));
    assert.equal(
      parseDeliveryTarget({ kind: "docker-config", path: "/srv/drydockx/a.json" }, opts),
      null,
    );
    assert.equal(parseDeliveryTarget({ kind: "docker-config", path: "/etc/a.json" }, opts), null);
  });
});

describe("file delivery", () => {
  async function mode(path: string): Promise<number> {
    return (await stat(path)).mode & 0o777;
  }

  test("a docker config is created 0600 in a new 0700 directory", async () => {
    const { deliverer, lines } = setup();
    const path = join(dir, "new-home", ".docker", "config.json");
    await deliverer.deliver({ kind: "docker-config", path }, cred(), KEY);
    assert.equal(await mode(path), 0o600);
    assert.equal(await mode(join(dir, "new-home", ".docker")), 0o700);
    const config = JSON.parse(await readFile(path, "utf8"));
    assert.equal(decodeAuth(config.auths["127.0.0.1:5000"]), `robot$team-a+ci:${SECRET}`);
    assert.deepEqual(await readdir(join(dir, "new-home", ".docker")), ["config.json"]);
    assertNoSecret(lines, "the logs");
    assert.ok(lines.some((l) => (l as { msg: string }).msg === "robot secret delivered"));
  });

  test("a docker config merges with the file already there", async () => {
    const { deliverer, lines } = setup();
    const path = join(dir, "merge", "config.json");
    await deliverer.deliver({ kind: "docker-config", path }, cred(), KEY); // creates the directory
    const before = {
      auths: {
        "ghcr.io": { auth: "b3RoZXI6c2VjcmV0" },
        "127.0.0.1:5000": { auth: "b2xkOm9sZA==" },
      },
      credsStore: "desktop",
    };
    await writeFile(path, JSON.stringify(before), { mode: 0o644 });
    await deliverer.deliver({ kind: "docker-config", path }, cred({ secret: `${SECRET}2` }), KEY);
    const config = JSON.parse(await readFile(path, "utf8"));
    assert.equal(config.credsStore, "desktop");
    assert.deepEqual(config.auths["ghcr.io"], { auth: "b3RoZXI6c2VjcmV0" });
    assert.equal(decodeAuth(config.auths["127.0.0.1:5000"]), `robot$team-a+ci:${SECRET}2`);
    assert.equal(await mode(path), 0o600);
    assert.ok(
      lines.some((l) => (l as { level: string }).level === "warn"),
      "credsStore is warned",
    );
  });

  test("concurrent deliveries to one config do not lose each other's entries", async () => {
    const { deliverer } = setup();
    const path = join(dir, "concurrent", "config.json");
    await Promise.all(
      ["a.example", "b.example", "c.example", "d.example"].map((registry) =>
        deliverer.deliver({ kind: "docker-config", path }, cred({ registry }), KEY),
      ),
    );
    const config = JSON.parse(await readFile(path, "utf8"));
    assert.deepEqual(Object.keys(config.auths).sort(), [
      "a.example",
      "b.example",
      "c.example",
      "d.example",
    ]);
  });

  for (const [name, content] of [
    ["broken JSON", `{"auths": {"ghcr.io": {"auth": "${SECRET}"`],
    ["a JSON array", "[1, 2, 3]"],
  ] as const)
    test(`a docker config holding ${name} is refused and left untouched`, async () => {
      const { deliverer, lines } = setup();
      const sub = join(dir, `broken-${name.replace(/\W/g, "")}`);
      const path = join(sub, "config.json");
      await deliverer.deliver(
        { kind: "docker-config", path },
        cred({ registry: "x.example" }),
        KEY,
      );
      await writeFile(path, content);
      await chmod(path, 0o640);
      const err = await expectFailure(
        () => deliverer.deliver({ kind: "docker-config", path }, cred(), KEY),
        lines,
        "file",
        /left untouched/,
      );
      assert.ok(err.message.includes(path));
      assert.equal(await readFile(path, "utf8"), content);
      assert.equal(await mode(path), 0o640);
      assert.deepEqual(await readdir(sub), ["config.json"], "no temp file is left behind");
    });

  test("a Kubernetes Secret manifest is written as YAML, 0600", async () => {
    const { deliverer, lines } = setup();
    const path = join(dir, "k8s", "registry-creds.yaml");
    const target = {
      kind: "k8s-secret",
      path,
      secretName: "registry-creds",
      k8sNamespace: "ci",
    } as const;
    await deliverer.deliver(target, cred(), KEY);
    assert.equal(await mode(path), 0o600);
    const manifest = parseYaml(await readFile(path, "utf8"));
    assert.deepEqual(manifest, kubernetesSecret(cred(), "registry-creds", "ci"));
    assertNoSecret(lines, "the logs");
  });

  test("an unwritable place fails with the errno code, not the secret", async () => {
    const { deliverer, lines } = setup();
    const blocker = join(dir, "a-file");
    await writeFile(blocker, "x");
    await expectFailure(
      () =>
        deliverer.deliver(
          { kind: "docker-config", path: join(blocker, "config.json") },
          cred(),
          KEY,
        ),
      lines,
      "file",
      /cannot write .*: (ENOTDIR|EEXIST)/,
    );
  });
});

describe("webhook delivery", () => {
  let key: Buffer;
  let cert: Buffer;
  const servers: (http.Server | https.Server)[] = [];

  before(async () => {
    const certDir = await mkdtemp(join(tmpdir(), "drydock-cert-"));
    const keyPath = join(certDir, "key.pem");
    const certPath = join(certDir, "cert.pem");
    // biome-ignore format: one openssl flag per line
    await run("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1",
      "-keyout", keyPath, "-out", certPath,
    ], { timeout: 20_000 });
    key = await readFile(keyPath);
    cert = await readFile(certPath);
    await rm(certDir, { recursive: true, force: true });
  });

  after(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  interface Received {
    headers: http.IncomingHttpHeaders;
    body: string;
    url: string | undefined;
  }

  async function listen(
    secure: boolean,
    respond: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void,
  ): Promise<{ url: string; received: Received[] }> {
    const received: Received[] = [];
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        received.push({ headers: req.headers, body, url: req.url });
        respond(req, res, body);
      });
    };
    const server = secure ? https.createServer({ key, cert }, handler) : http.createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `${secure ? "https" : "http"}://127.0.0.1:${port}/hooks/drydock`, received };
  }

  test("an HTTPS receiver gets a signed event it can verify", { timeout: 20_000 }, async () => {
    const { deliverer, lines } = setup({ tlsCa: cert });
    const { url, received } = await listen(true, (_req, res) => res.writeHead(204).end());
    await deliverer.deliver({ kind: "webhook", url }, cred(), KEY);
    assert.equal(received.length, 1);
    const got = received[0]!;
    assert.equal(got.url, "/hooks/drydock");
    assert.equal(got.headers["content-type"], "application/json");
    assert.equal(got.headers["x-drydock-event"], "robot.secret.rotated");
    const signature = got.headers["x-drydock-signature"] as string;
    assert.match(signature, new RegExp(`^t=${NOW / 1000},v1=[0-9a-f]{64}$`));
    assert.ok(verifyWebhookSignature(signature, got.body, KEY, NOW / 1000));
    assert.ok(
      !verifyWebhookSignature(signature, got.body, KEY, NOW / 1000 + 3600),
      "replay refused",
    );
    assert.deepEqual(JSON.parse(got.body), {
      event: "robot.secret.rotated",
      robot: "ci",
      namespace: "team-a",
      registry: "127.0.0.1:5000",
      username: "robot$team-a+ci",
      secret: SECRET,
      expiresAt: "2026-03-02T12:00:00.000Z",
    });
    assertNoSecret(lines, "the logs");
  });

  test("an untrusted certificate is a TLS failure", { timeout: 20_000 }, async () => {
    const { deliverer, lines } = setup();
    const { url, received } = await listen(true, (_req, res) => res.writeHead(204).end());
    await expectFailure(
      () => deliverer.deliver({ kind: "webhook", url }, cred(), KEY),
      lines,
      "tls",
      /TLS with webhook https:\/\/127\.0\.0\.1:\d+\/hooks\/drydock failed: \w+/,
    );
    assert.equal(received.length, 0);
  });

  test("a 500 answer is a failure naming the status", { timeout: 20_000 }, async () => {
    const { deliverer, lines } = setup({ tlsCa: cert });
    const { url } = await listen(true, (_req, res, body) => res.writeHead(500).end(body));
    const err = await expectFailure(
      () => deliverer.deliver({ kind: "webhook", url }, cred(), KEY),
      lines,
      "http-status",
      /answered HTTP 500$/,
    );
    assert.equal(err.status, 500);
  });

  test("a redirect is not followed", { timeout: 20_000 }, async () => {
    const { deliverer, lines } = setup({ tlsCa: cert });
    const target = await listen(true, (_req, res) => res.writeHead(204).end());
    const { url } = await listen(true, (_req, res) =>
      res.writeHead(307, { Location: target.url }).end(),
    );
    await expectFailure(
      () => deliverer.deliver({ kind: "webhook", url }, cred(), KEY),
      lines,
      "http-status",
      /HTTP 307 \(redirects are not followed\)/,
    );
    assert.equal(target.received.length, 0);
  });

  test("an unreachable receiver (closed port) fails", { timeout: 20_000 }, async () => {
    const { deliverer, lines } = setup({ tlsCa: cert });
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expectFailure(
      () => deliverer.deliver({ kind: "webhook", url: `https://127.0.0.1:${port}/x` }, cred(), KEY),
      lines,
      "unreachable",
      /is unreachable: ECONNREFUSED/,
    );
  });

  test("a receiver that hangs times out, bounded", { timeout: 20_000 }, async () => {
    const { deliverer, lines } = setup({ tlsCa: cert, timeoutMs: 300 });
    const { url, received } = await listen(true, () => {}); // never answers
    const started = Date.now();
    await expectFailure(
      () => deliverer.deliver({ kind: "webhook", url }, cred(), KEY),
      lines,
      "timeout",
      /timed out after 300 ms/,
    );
    const took = Date.now() - started;
    assert.ok(took >= 250 && took < 5_000, `took ${took} ms`);
    assert.equal(received.length, 1);
  });

  test("http:// is refused unless allowInsecureHttp", { timeout: 20_000 }, async () => {
    const { url, received } = await listen(false, (_req, res) => res.writeHead(200).end());
    const strict = setup();
    await expectFailure(
      () => strict.deliverer.deliver({ kind: "webhook", url }, cred(), KEY),
      strict.lines,
      "invalid-target",
      /must be https/,
    );
    assert.equal(received.length, 0);
    const loose = setup({ allowInsecureHttp: true });
    await loose.deliverer.deliver({ kind: "webhook", url }, cred(), KEY);
    assert.equal(received.length, 1);
    assertNoSecret(loose.lines, "the logs");
  });

  test("a short signing key is refused before anything is sent", async () => {
    const { deliverer, lines } = setup({ tlsCa: cert });
    await expectFailure(
      () =>
        deliverer.deliver(
          { kind: "webhook", url: "https://127.0.0.1:1/x" },
          cred(),
          Buffer.from("short"),
        ),
      lines,
      "invalid-credential",
      /at least 16 bytes/,
    );
  });

  test("an injected fetch is used without following redirects", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response("nope", { status: 403 });
    }) as unknown as typeof fetch;
    const { log, lines } = captureLogger();
    const deliverer = new Deliverer({ clock: new ManualClock(NOW), log, fetch: fakeFetch }, {});
    await expectFailure(
      () =>
        deliverer.deliver(
          { kind: "webhook", url: "https://ci.example/hook?token=abc" },
          cred(),
          KEY,
        ),
      lines,
      "http-status",
      /^webhook https:\/\/ci\.example\/hook\?… answered HTTP 403$/,
    );
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.init.redirect, "manual");
    const headers = calls[0]!.init.headers as Record<string, string>;
    assert.ok(
      verifyWebhookSignature(
        headers["X-Drydock-Signature"]!,
        String(calls[0]!.init.body),
        KEY,
        NOW / 1000,
      ),
    );
  });
});
