import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  chunkedUpload,
  chunkHeaders,
  type DrydockProcess,
  type HttpResponse,
  httpRequest,
  openSession,
  pause,
  serveDrydock,
  sha256,
} from "../helpers/process.ts";

/**
 * The server process must outlive requests it refuses before reading their bodies. Each case
 * sends a body far larger than any buffer (so the request cannot end by itself), gets its
 * error, then waits past the server's body idle timeout: the process must still be serving.
 */

const IDLE_TIMEOUT_SECONDS = 1;
const BIG = 4 * 1024 * 1024;

type Send = (base: string) => Promise<(HttpResponse | Error)[]>;

const settle = (p: Promise<HttpResponse>): Promise<HttpResponse | Error> =>
  p.then(
    (r) => r,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );

const big = () => randomBytes(BIG);
const octets = { "content-type": "application/octet-stream" };

const CASES: { name: string; expect: number[]; send: Send }[] = [
  {
    name: "PATCH to an unknown upload session",
    expect: [404],
    send: async (base) => [
      await settle(
        httpRequest("PATCH", `${base}/v2/robust/a/blobs/uploads/AAAAAAAAAAAAAAAAAAAAAA`, {
          headers: chunkHeaders(0, BIG),
          body: big(),
          timeoutMs: 15_000,
        }),
      ),
    ],
  },
  {
    name: "PUT ?digest= with a body to an unknown upload session",
    expect: [404],
    send: async (base) => {
      const body = big();
      return [
        await settle(
          httpRequest(
            "PUT",
            `${base}/v2/robust/a/blobs/uploads/AAAAAAAAAAAAAAAAAAAAAA?digest=${sha256(body)}`,
            { headers: octets, body, timeoutMs: 15_000 },
          ),
        ),
      ];
    },
  },
  {
    name: "PATCH to a session of another repository",
    expect: [404],
    send: async (base) => {
      const path = await openSession(base, "robust/owner");
      return [
        await settle(
          httpRequest("PATCH", `${base}${path.replace("robust/owner", "robust/other")}`, {
            headers: chunkHeaders(0, BIG),
            body: big(),
            timeoutMs: 15_000,
          }),
        ),
      ];
    },
  },
  {
    name: "PATCHes racing on one session",
    expect: [202, 409, 416],
    send: async (base) => {
      const path = await openSession(base, "robust/race");
      const body = big();
      return Promise.all(
        Array.from({ length: 4 }, () =>
          settle(
            httpRequest("PATCH", `${base}${path}`, {
              headers: chunkHeaders(0, BIG),
              body,
              timeoutMs: 15_000,
            }),
          ),
        ),
      );
    },
  },
  {
    name: "PATCH with an out-of-order Content-Range",
    expect: [416],
    send: async (base) => {
      const path = await openSession(base, "robust/order");
      return [
        await settle(
          httpRequest("PATCH", `${base}${path}`, {
            headers: chunkHeaders(1000, BIG),
            body: big(),
            timeoutMs: 15_000,
          }),
        ),
      ];
    },
  },
  {
    name: "POST ?digest= with an invalid digest",
    expect: [400],
    send: async (base) => [
      await settle(
        httpRequest("POST", `${base}/v2/robust/a/blobs/uploads/?digest=sha256:nothex`, {
          headers: octets,
          body: big(),
          timeoutMs: 15_000,
        }),
      ),
    ],
  },
  {
    name: "POST with an invalid repository name",
    expect: [400, 404],
    send: async (base) => [
      await settle(
        httpRequest(
          "POST",
          `${base}/v2/Robust/UPPER/blobs/uploads/?digest=${sha256(Buffer.alloc(1))}`,
          {
            headers: octets,
            body: big(),
            timeoutMs: 15_000,
          },
        ),
      ),
    ],
  },
];

describe("robustness: refused requests with unread bodies", { timeout: 300_000 }, () => {
  let dataDir = "";
  let server: DrydockProcess | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "drydock-e2e-robust-"));
    server = await serveDrydock(dataDir, ["--body-idle-timeout", String(IDLE_TIMEOUT_SECONDS)]);
  });

  afterEach(async () => {
    await server?.stop().catch(() => {});
    server = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(`survives ${c.name}`, async () => {
      const base = server!.url;
      const answers = await c.send(base);
      for (const a of answers) {
        // The server may cut the connection while the client is still sending; that is fine.
        if (!(a instanceof Error))
          assert.ok(c.expect.includes(a.status), `answered ${a.status}: ${a.body.toString()}`);
      }
      // Wait past the body idle timeout, then the process must still be serving.
      await pause(IDLE_TIMEOUT_SECONDS * 1000 + 2_000);
      assert.equal(server!.exited(), false, `the server died:\n${server!.stderr().slice(-3000)}`);
      const ping = await httpRequest("GET", `${base}/v2/`);
      assert.equal(ping.status, 200);
      const data = randomBytes(300 * 1024);
      const res = await chunkedUpload(base, "robust/after", data, 128 * 1024);
      assert.equal(res.status, 201);
    });
  }
});
