import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  chunkHeaders,
  type DrydockProcess,
  getBlob,
  type HttpResponse,
  locationPath,
  openSession,
  type PartialRequest,
  patchChunk,
  pause,
  resumeAndFinish,
  serveDrydock,
  sessionStatus,
  sha256,
  startPartialRequest,
} from "../helpers/process.ts";

/**
 * Graceful shutdown: SIGTERM reaches drydock while a chunked upload is in flight. Either the
 * upload completes, or its session survives the restart, reports exactly the acknowledged
 * bytes, and can be finished.
 */

const REPO = "shutdown/blob";
const MB = 1024 * 1024;
const CHUNK = MB;
/** The server's own bound on in-flight requests after SIGTERM. */
const SHUTDOWN_TIMEOUT_SECONDS = 5;
/** Our bound on how long a SIGTERMed server may take to exit (well above its own). */
const EXIT_BOUND_MS = 60_000;

describe("shutdown: SIGTERM during an in-flight chunked upload", { timeout: 600_000 }, () => {
  let dataDir = "";
  let servers: DrydockProcess[] = [];
  let partials: PartialRequest[] = [];

  const serve = async () => {
    const s = await serveDrydock(dataDir, ["--shutdown-timeout", String(SHUTDOWN_TIMEOUT_SECONDS)]);
    servers.push(s);
    return s;
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "drydock-e2e-shutdown-"));
  });

  afterEach(async () => {
    for (const p of partials) p.abort();
    for (const s of servers) await s.stop().catch(() => {});
    servers = [];
    partials = [];
    await rm(dataDir, { recursive: true, force: true });
  });

  async function assertBlob(base: string, data: Buffer) {
    const res = await getBlob(base, REPO, sha256(data));
    assert.equal(res.status, 200, `GET blob: ${res.body.toString().slice(0, 200)}`);
    assert.equal(res.headers["docker-content-digest"], sha256(data));
    assert.ok(res.body.equals(data), "blob bytes are identical");
  }

  it("exits with code 0 on SIGTERM when idle", async () => {
    const server = await serve();
    server.kill("SIGTERM");
    const status = await server.waitForExit(EXIT_BOUND_MS);
    assert.deepEqual(status, { code: 0, signal: null });
  });

  it("lets the in-flight chunk finish, or keeps the session resumable", async (t) => {
    const data = randomBytes(3 * CHUNK + 4321);
    const first = await serve();
    let path = await openSession(first.url, REPO);
    let acked = (await patchChunk(first.url, path, data.subarray(0, CHUNK), 0)).acked;

    const second = Buffer.from(data.subarray(CHUNK, 2 * CHUNK));
    const partial = startPartialRequest(
      "PATCH",
      `${first.url}${path}`,
      chunkHeaders(CHUNK, CHUNK),
      second,
      CHUNK / 2,
    );
    partials.push(partial);
    await partial.sent;
    await pause(200);

    first.kill("SIGTERM");
    await pause(200);
    partial.sendRest();
    const answer: HttpResponse | Error = await partial.response;
    let chunkMayHaveLanded = false;
    if (answer instanceof Error) {
      t.diagnostic(`in-flight PATCH ended with ${answer.message}`);
      chunkMayHaveLanded = true;
    } else if (answer.status === 202) {
      path = locationPath(answer, first.url);
      acked = 2 * CHUNK;
      t.diagnostic("in-flight PATCH completed during shutdown");
    } else {
      t.diagnostic(`in-flight PATCH answered ${answer.status}`);
      assert.ok(answer.status >= 500 || answer.status === 408, `unexpected ${answer.status}`);
      chunkMayHaveLanded = answer.status >= 500;
    }

    // A shutting-down server may refuse new requests; try to finish once.
    let completed = false;
    if (!chunkMayHaveLanded) {
      try {
        const done = await resumeAndFinish(first.url, path, data, acked, CHUNK);
        completed = done.status === 201;
        t.diagnostic(`finishing during shutdown answered ${done.status}`);
      } catch (err) {
        t.diagnostic(`finishing during shutdown failed: ${(err as Error).message}`);
      }
    }

    const status = await first.waitForExit(EXIT_BOUND_MS);
    assert.deepEqual(status, { code: 0, signal: null }, "graceful exit");

    const restarted = await serve();
    if (completed) {
      await assertBlob(restarted.url, data);
      return;
    }
    const s = await sessionStatus(restarted.url, path);
    if (s.status === 404 && acked < data.length) {
      // The only way a session may vanish is by becoming the blob.
      await assertBlob(restarted.url, data);
      return;
    }
    assert.equal(
      s.status,
      204,
      `GET session after restart: ${s.res.body.toString().slice(0, 200)}`,
    );
    const allowed = chunkMayHaveLanded ? [acked, acked + CHUNK] : [acked];
    assert.ok(
      s.acked !== null && allowed.includes(s.acked),
      `Range ${String(s.res.headers.range)} should acknowledge ${allowed.join(" or ")} bytes`,
    );
    const done = await resumeAndFinish(restarted.url, path, data, s.acked!, CHUNK);
    assert.equal(done.status, 201, done.body.toString());
    await assertBlob(restarted.url, data);
  });

  it("exits even while a chunk body is stalled, and the session resumes at the acknowledged offset", async (t) => {
    const data = randomBytes(2 * CHUNK + 99);
    const first = await serve();
    const path = await openSession(first.url, REPO);
    const { acked, path: next } = await patchChunk(first.url, path, data.subarray(0, CHUNK), 0);

    const stalled = Buffer.from(data.subarray(CHUNK, 2 * CHUNK));
    const partial = startPartialRequest(
      "PATCH",
      `${first.url}${next}`,
      chunkHeaders(CHUNK, CHUNK),
      stalled,
      CHUNK / 3,
    );
    partials.push(partial);
    await partial.sent;
    await pause(200);

    first.kill("SIGTERM");
    const status = await first.waitForExit(EXIT_BOUND_MS);
    t.diagnostic(`exit status ${JSON.stringify(status)}`);
    assert.equal(status.signal, null, "the server exited by itself");
    const answer = await partial.response;
    if (!(answer instanceof Error)) {
      assert.notEqual(answer.status, 202, "a chunk whose body never arrived is not acknowledged");
    }

    const restarted = await serve();
    const s = await sessionStatus(restarted.url, next);
    assert.equal(
      s.status,
      204,
      `GET session after restart: ${s.res.body.toString().slice(0, 200)}`,
    );
    assert.equal(s.acked, acked, `Range ${String(s.res.headers.range)}`);
    const done = await resumeAndFinish(restarted.url, next, data, acked, CHUNK);
    assert.equal(done.status, 201, done.body.toString());
    await assertBlob(restarted.url, data);
  });
});
