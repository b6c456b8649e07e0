/**
 * Robots whose secrets rotate themselves, with an injected clock (no sleeping): a robot
 * rotates several times; during each overlap window both secrets work, after it only the
 * new one; a retired secret presented later is refused and recorded as a detection. Real
 * SQLite, real files, a real webhook receiver on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { resolveConfig } from "../../src/app/config.ts";
import { type IdentityParts, openIdentity } from "../../src/app/identity.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { DrydockError } from "../../src/core/errors.ts";
import { randomIds } from "../../src/core/ids.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { verifyWebhookSignature } from "../../src/identity/delivery.ts";
import type { Principal } from "../../src/identity/types.ts";
import { type OpenedDatabase, openSqlite } from "../../src/storage/db/open.ts";

const HOUR = 3_600_000;
let dir: string;
let opened: OpenedDatabase;
let parts: IdentityParts;
let clock: ManualClock;
let admin: Principal;
let receiver: Server;
let receiverUrl: string;
const received: { body: string; signature: string }[] = [];
const ctx = { source: "192.0.2.7", userAgent: "test-agent/1.0" };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-rotation-"));
  clock = new ManualClock(Date.UTC(2026, 10, 27, 8, 0, 0));
  receiver = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ body, signature: String(req.headers["x-drydock-signature"] ?? "") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const config = resolveConfig({
    storage: { dataDir: dir },
    identity: {
      allowInsecureHttp: true,
      deliveryFileRoot: join(dir, "deliveries"),
      failureDelayMs: 0,
      robotOverlapMinutes: 60,
    },
  });
  opened = await openSqlite(join(dir, "drydock.db"));
  parts = await openIdentity(config, opened, dir, {
    clock,
    ids: randomIds,
    log: silentLogger,
    registryHost: () => "registry.example:5000",
  });
  await parts.identity.bootstrap("an admin password for tests");
  admin = await parts.identity.authenticate("admin", "an admin password for tests", ctx);
  await parts.management.createNamespace(admin, { name: "team-a" }, ctx);
});

after(async () => {
  await new Promise((r) => receiver?.close(r));
  await opened?.db.destroy();
  await rm(dir, { recursive: true, force: true });
});

async function works(username: string, secret: string): Promise<boolean> {
  try {
    const p = await parts.identity.authenticate(username, secret, ctx);
    return p.kind === "robot";
  } catch (err) {
    if (err instanceof DrydockError && err.code === "UNAUTHORIZED") return false;
    throw err;
  }
}

async function secretFromDockerConfig(path: string): Promise<string> {
  const config = JSON.parse(await readFile(path, "utf8")) as {
    auths: Record<string, { auth: string }>;
  };
  const auth = Buffer.from(config.auths["registry.example:5000"]!.auth, "base64").toString();
  return auth.slice(auth.indexOf(":") + 1);
}

test("a robot rotates three times; each overlap accepts both secrets, then only the new one", async () => {
  const path = join(dir, "deliveries", "ci", "config.json");
  const { credential } = await parts.management.createRobot(
    admin,
    "team-a",
    {
      name: "ci",
      permissions: [{ repositories: "app", actions: ["pull"] }],
      ttlSeconds: 24 * 3600,
      overlapSeconds: 3600,
      delivery: { kind: "docker-config", path },
    },
    ctx,
  );
  const username = credential.username;
  let current = credential.secret;
  assert.equal(await works(username, current), true);
  const retired: string[] = [];

  for (let round = 1; round <= 3; round++) {
    // Nothing is due early on: the secret has 3/4 of its life ahead of it.
    clock.advance(HOUR);
    assert.deepEqual((await parts.rotation.tick()).rotated, [], `round ${round}: too early`);
    // A quarter of the lifetime left (6 h of 24 h): rotated and delivered.
    clock.advance(17 * HOUR + 1000);
    const result = await parts.rotation.tick();
    assert.deepEqual(result.rotated, ["team-a/ci"], `round ${round}`);
    assert.deepEqual(result.delivered, ["team-a/ci"], `round ${round}`);
    const next = await secretFromDockerConfig(path);
    assert.notEqual(next, current);
    // During the overlap window both work.
    clock.advance(30 * 60_000);
    assert.equal(await works(username, current), true, `round ${round}: old secret in overlap`);
    assert.equal(await works(username, next), true, `round ${round}: new secret`);
    // After it, only the new one.
    clock.advance(31 * 60_000);
    assert.equal(await works(username, current), false, `round ${round}: old secret after overlap`);
    assert.equal(await works(username, next), true, `round ${round}: new secret after overlap`);
    retired.push(current);
    current = next;
  }
  // A secret retired two rotations ago is still recognised as retired (a leak signal).
  assert.equal(await works(username, retired[0]!), false);
  const detections = await parts.audit.query({
    action: "detection.retired-credential",
    limit: 100,
  });
  assert.ok(detections.length >= 4, `detections: ${detections.length}`);
  for (const d of detections) {
    assert.equal(d.target, "team-a/ci");
    assert.equal(d.source, ctx.source);
    assert.equal(d.userAgent, ctx.userAgent);
    assert.equal(d.result, "denied");
    const text = JSON.stringify(d);
    for (const s of [...retired, current])
      assert.ok(!text.includes(s), "no secret in the audit trail");
  }
  const rotations = await parts.audit.query({
    action: "robot.rotate",
    target: "team-a/ci",
    limit: 100,
  });
  assert.equal(rotations.length, 3);
});

test("a secret nobody rotated expires and is refused, without a detection", async () => {
  const { credential } = await parts.management.createRobot(
    admin,
    "team-a",
    {
      name: "manual",
      permissions: [{ repositories: "app", actions: ["pull"] }],
      ttlSeconds: 2 * 3600,
      overlapSeconds: 60,
    },
    ctx,
  );
  assert.equal(await works(credential.username, credential.secret), true);
  clock.advance(2 * HOUR);
  assert.deepEqual(
    (await parts.rotation.tick()).rotated,
    [],
    "no delivery target: no automatic rotation",
  );
  const before = (await parts.audit.query({ action: "detection.retired-credential", limit: 1000 }))
    .length;
  assert.equal(await works(credential.username, credential.secret), false);
  const afterCount = (
    await parts.audit.query({ action: "detection.retired-credential", limit: 1000 })
  ).length;
  assert.equal(afterCount, before);
});

test("manual rotation: the old secret works for the overlap window only", async () => {
  const { credential } = await parts.management.createRobot(
    admin,
    "team-a",
    {
      name: "hand",
      permissions: [{ repositories: "app", actions: ["pull"] }],
      overlapSeconds: 600,
    },
    ctx,
  );
  const next = await parts.management.rotateRobot(admin, "team-a", "hand", ctx);
  assert.equal(await works(credential.username, credential.secret), true);
  assert.equal(await works(next.username, next.secret), true);
  clock.advance(601_000);
  assert.equal(await works(credential.username, credential.secret), false);
  assert.equal(await works(next.username, next.secret), true);
});

test("webhook delivery: signed with the robot's key; a failing receiver keeps the old secret valid", async () => {
  const created = await parts.management.createRobot(
    admin,
    "team-a",
    {
      name: "hooked",
      permissions: [{ repositories: "app", actions: ["pull"] }],
      ttlSeconds: 8 * 3600,
      overlapSeconds: 1800,
      delivery: { kind: "webhook", url: receiverUrl },
    },
    ctx,
  );
  const key = Buffer.from(created.webhookSigningKey!, "base64");
  clock.advance(6 * HOUR + 1000);
  const result = await parts.rotation.tick();
  assert.ok(result.delivered.includes("team-a/hooked"), JSON.stringify(result));
  const last = received.at(-1)!;
  assert.ok(
    verifyWebhookSignature(
      last.signature,
      last.body,
      key,
      Math.floor(clock.now().getTime() / 1000),
    ),
  );
  const payload = JSON.parse(last.body) as { username: string; secret: string; event: string };
  assert.equal(payload.event, "robot.secret.rotated");
  assert.equal(await works(payload.username, payload.secret), true);
  assert.equal(
    await works(created.credential.username, created.credential.secret),
    true,
    "overlap",
  );

  // The receiver goes away: the next rotation is not delivered, and the previous secret
  // keeps working until its own expiry instead of the overlap window.
  await new Promise((r) => receiver.close(r));
  clock.advance(6 * HOUR + 1000);
  const failed = await parts.rotation.tick();
  assert.ok(
    failed.failed.some((f) => f.robot === "team-a/hooked"),
    JSON.stringify(failed),
  );
  clock.advance(3600_000);
  assert.equal(
    await works(payload.username, payload.secret),
    true,
    "undelivered rotation keeps the old secret",
  );
  const audit = await parts.audit.query({
    action: "robot.deliver",
    target: "team-a/hooked",
    result: "failure",
    limit: 10,
  });
  assert.ok(audit.length >= 1);
});

test("signing keys rotate on schedule; the rotation is audited and old tokens verify until they expire", async () => {
  // The earlier tests moved the clock by days: catch up first.
  await parts.identity.rotateSigningKeys();
  clock.advance(10 * 60_000);
  await parts.identity.rotateSigningKeys();
  const eventsBefore = (await parts.audit.query({ action: "key.rotate", limit: 100 })).length;
  const before = await parts.tokens.issue("user:x", []);
  assert.deepEqual(await parts.identity.rotateSigningKeys(), { rotated: false, removed: [] });
  clock.advance(25 * HOUR);
  const old = await parts.tokens.issue("user:x", []);
  const rotated = await parts.identity.rotateSigningKeys();
  assert.equal(rotated.rotated, true);
  await parts.tokens.verify(old.token);
  const fresh = await parts.tokens.issue("user:x", []);
  assert.notEqual(
    JSON.parse(Buffer.from(fresh.token.split(".")[0]!, "base64url").toString()).kid,
    JSON.parse(Buffer.from(old.token.split(".")[0]!, "base64url").toString()).kid,
  );
  // Once the old key's last token has expired, the key is removed.
  clock.advance(10 * 60_000);
  const removed = await parts.identity.rotateSigningKeys();
  assert.equal(removed.removed.length, 1);
  await assert.rejects(parts.tokens.verify(before.token));
  const events = await parts.audit.query({ action: "key.rotate", limit: 100 });
  assert.equal(events.length - eventsBefore, 2);
});
