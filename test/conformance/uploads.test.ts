/**
 * Upload sessions: spec.md "Pushing a blob in chunks" (POST, PATCH with Content-Range,
 * closing PUT, GET status after a 416), "Cancel a blob upload" (DELETE), end-5, end-6, end-13.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";
import {
  assertClientError,
  assertError,
  Client,
  randomBlob,
  rangeEnd,
  sha256,
  show,
  uniqueRepo,
} from "./client.ts";

let reg: TestRegistry;
let c: Client;

before(async () => {
  reg = await startRegistry();
  c = new Client(reg.url, reg.admin);
});
after(async () => {
  await reg?.close();
});

function patchChunk(loc: URL | string, data: Uint8Array, start: number) {
  return c.patch(loc.toString(), {
    headers: {
      "content-type": "application/octet-stream",
      "content-range": `${start}-${start + data.length - 1}`,
    },
    body: data,
  });
}

/** Splits `data` into chunks of the given sizes (the last takes the rest). */
function split(data: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  for (const s of sizes) {
    out.push(data.subarray(pos, pos + s));
    pos += s;
  }
  if (pos < data.length) out.push(data.subarray(pos));
  return out;
}

describe("chunked upload", () => {
  test("PATCH chunks in order: each 202 with Location and Range 0-<end>; PUT ?digest= -> 201; bytes identical", async () => {
    const repo = uniqueRepo("chunk");
    const data = randomBlob(10_000);
    const digest = sha256(data);
    let loc = await c.startUpload(repo);
    let offset = 0;
    for (const chunk of split(data, [4096, 4096])) {
      const res = await patchChunk(loc, chunk, offset);
      assert.equal(res.status, 202, show(res));
      offset += chunk.length;
      assert.equal(rangeEnd(res), offset - 1);
      loc = c.location(res);
    }
    const put = await c.put(loc.toString(), { query: { digest } });
    assert.equal(put.status, 201, show(put));
    assert.equal(put.headers.get("docker-content-digest"), digest);
    const got = await c.get(c.location(put).toString());
    assert.equal(got.status, 200, show(got));
    assert.ok(got.body.equals(data), "reassembled blob differs");
  });

  test("the final chunk may come with the closing PUT (Content-Range + body)", async () => {
    const repo = uniqueRepo("chunk");
    const data = randomBlob(3000);
    const digest = sha256(data);
    const [first, last] = split(data, [1000]) as [Buffer, Buffer];
    const loc = await c.startUpload(repo);
    const p = await patchChunk(loc, first, 0);
    assert.equal(p.status, 202, show(p));
    const put = await c.put(c.location(p).toString(), {
      query: { digest },
      headers: {
        "content-type": "application/octet-stream",
        "content-range": `1000-${data.length - 1}`,
      },
      body: last,
    });
    assert.equal(put.status, 201, show(put));
    const got = await c.get(`/v2/${repo}/blobs/${digest}`);
    assert.ok(got.body.equals(data));
  });

  test("a single chunk of one byte, then PUT", async () => {
    const repo = uniqueRepo("chunk");
    const data = Buffer.from([0x2a]);
    const loc = await c.startUpload(repo);
    const p = await patchChunk(loc, data, 0);
    assert.equal(p.status, 202, show(p));
    assert.equal(rangeEnd(p), 0);
    const put = await c.put(c.location(p).toString(), { query: { digest: sha256(data) } });
    assert.equal(put.status, 201, show(put));
    assert.ok((await c.get(`/v2/${repo}/blobs/${sha256(data)}`)).body.equals(data));
  });

  test("streamed PATCH without Content-Range (Docker clients) appends; Range grows", async () => {
    const repo = uniqueRepo("chunk");
    const data = randomBlob(6000);
    const [a, b] = split(data, [2500]) as [Buffer, Buffer];
    let loc = await c.startUpload(repo);
    const r1 = await c.patch(loc.toString(), {
      headers: { "content-type": "application/octet-stream" },
      body: a,
    });
    assert.equal(r1.status, 202, show(r1));
    assert.equal(rangeEnd(r1), a.length - 1);
    loc = c.location(r1);
    const r2 = await c.patch(loc.toString(), {
      headers: { "content-type": "application/octet-stream" },
      body: b,
    });
    assert.equal(r2.status, 202, show(r2));
    assert.equal(rangeEnd(r2), data.length - 1);
    const put = await c.put(c.location(r2).toString(), { query: { digest: sha256(data) } });
    assert.equal(put.status, 201, show(put));
    assert.ok((await c.get(`/v2/${repo}/blobs/${sha256(data)}`)).body.equals(data));
  });

  test("PATCH with a chunked transfer-encoded body (no Content-Length) is accepted", async () => {
    const repo = uniqueRepo("chunk");
    const parts = [randomBlob(1000), randomBlob(3000), randomBlob(17)];
    const data = Buffer.concat(parts);
    const loc = await c.startUpload(repo);
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts[i++];
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const r = await c.patch(loc.toString(), {
      headers: { "content-type": "application/octet-stream" },
      body: stream,
    });
    assert.equal(r.status, 202, show(r));
    assert.equal(rangeEnd(r), data.length - 1);
    const put = await c.put(c.location(r).toString(), { query: { digest: sha256(data) } });
    assert.equal(put.status, 201, show(put));
    assert.ok((await c.get(`/v2/${repo}/blobs/${sha256(data)}`)).body.equals(data));
  });

  test("a larger blob in many 64 KiB chunks", async () => {
    const repo = uniqueRepo("chunk");
    const data = randomBlob(1_000_000);
    let loc = await c.startUpload(repo);
    const size = 64 * 1024;
    for (let offset = 0; offset < data.length; offset += size) {
      const res = await patchChunk(loc, data.subarray(offset, offset + size), offset);
      assert.equal(res.status, 202, show(res));
      loc = c.location(res);
    }
    const put = await c.put(loc.toString(), { query: { digest: sha256(data) } });
    assert.equal(put.status, 201, show(put));
    const got = await c.get(`/v2/${repo}/blobs/${sha256(data)}`);
    assert.equal(sha256(got.body), sha256(data));
  });

  test("closing PUT with the wrong digest -> 400 DIGEST_INVALID; no blob under either digest", async () => {
    const repo = uniqueRepo("chunk");
    const data = randomBlob(500);
    const wrong = sha256(randomBlob(500));
    const loc = await c.startUpload(repo);
    const p = await patchChunk(loc, data, 0);
    assert.equal(p.status, 202, show(p));
    assertError(
      await c.put(c.location(p).toString(), { query: { digest: wrong } }),
      400,
      "DIGEST_INVALID",
    );
    assert.equal((await c.head(`/v2/${repo}/blobs/${wrong}`)).status, 404);
    assert.equal((await c.head(`/v2/${repo}/blobs/${sha256(data)}`)).status, 404);
  });
});

describe("out-of-order chunks -> 416", () => {
  const cases: { name: string; first: number; start: (firstLen: number) => number }[] = [
    { name: "gap after the first chunk", first: 100, start: (n) => n + 10 },
    { name: "overlap with the first chunk", first: 100, start: (n) => n - 1 },
    { name: "same chunk sent twice", first: 100, start: () => 0 },
    { name: "first chunk not starting at 0", first: 0, start: () => 5 },
  ];
  for (const row of cases) {
    test(`${row.name}: 416 with Range of what was stored; the session survives`, async () => {
      const repo = uniqueRepo("ooo");
      const first = randomBlob(row.first);
      let loc = await c.startUpload(repo);
      if (first.length > 0) {
        const p = await patchChunk(loc, first, 0);
        assert.equal(p.status, 202, show(p));
        loc = c.location(p);
      }
      const bad = randomBlob(50);
      const res = await patchChunk(loc, bad, row.start(first.length));
      assert.equal(res.status, 416, show(res));
      if (first.length > 0)
        assert.equal(rangeEnd(res), first.length - 1, "416 must carry the current Range");
      // GET reports the valid offset, then the upload completes correctly.
      const status = await c.get(loc.toString());
      assert.equal(status.status, 204, show(status));
      if (first.length > 0) assert.equal(rangeEnd(status), first.length - 1);
      const rest = randomBlob(77);
      const ok = await patchChunk(c.location(status), rest, first.length);
      assert.equal(ok.status, 202, show(ok));
      const data = Buffer.concat([first, rest]);
      const put = await c.put(c.location(ok).toString(), { query: { digest: sha256(data) } });
      assert.equal(put.status, 201, show(put));
      const got = await c.get(`/v2/${repo}/blobs/${sha256(data)}`);
      assert.ok(got.body.equals(data), "the rejected chunk leaked into the blob");
    });
  }

  test("closing PUT whose Content-Range does not start at the offset -> 416", async () => {
    const repo = uniqueRepo("ooo");
    const first = randomBlob(10);
    const loc = await c.startUpload(repo);
    const p = await patchChunk(loc, first, 0);
    const last = randomBlob(10);
    const data = Buffer.concat([first, last]);
    const put = await c.put(c.location(p).toString(), {
      query: { digest: sha256(data) },
      headers: { "content-range": "20-29", "content-type": "application/octet-stream" },
      body: last,
    });
    assert.equal(put.status, 416, show(put));
  });

  for (const range of ["abc", "10-5", "bytes=0-9", "0-", "-9", "0-99"]) {
    test(`malformed or inconsistent Content-Range "${range}" on a 10-byte PATCH -> 4xx, never 5xx`, async () => {
      const repo = uniqueRepo("ooo");
      const loc = await c.startUpload(repo);
      const res = await c.patch(loc.toString(), {
        headers: { "content-range": range, "content-type": "application/octet-stream" },
        body: randomBlob(10),
      });
      if (range === "bytes=0-9") {
        // some clients send the RFC 9110 unit; accepting it is fine too
        assert.ok(res.status === 202 || (res.status >= 400 && res.status < 500), show(res));
      } else {
        assert.ok(res.status >= 400 && res.status < 500, show(res));
      }
      assert.ok((await c.get("/v2/")).status === 200);
    });
  }
});

describe("upload session status: GET (end-13)", () => {
  test("GET on a fresh session -> 204 with Location and Range", async () => {
    const repo = uniqueRepo("status");
    const loc = await c.startUpload(repo);
    const res = await c.get(loc.toString());
    assert.equal(res.status, 204, show(res));
    assert.ok(res.headers.get("location"), "Location missing");
    assert.ok(res.headers.get("range"), "Range missing");
    assert.equal(res.body.length, 0);
  });

  test("GET after chunks -> 204, Range 0-<last byte>, Location usable for the next chunk", async () => {
    const repo = uniqueRepo("status");
    const a = randomBlob(1500);
    const b = randomBlob(500);
    const loc = await c.startUpload(repo);
    await patchChunk(loc, a, 0);
    const res = await c.get(loc.toString());
    assert.equal(res.status, 204, show(res));
    assert.equal(rangeEnd(res), a.length - 1);
    const next = await patchChunk(c.location(res), b, a.length);
    assert.equal(next.status, 202, show(next));
    const data = Buffer.concat([a, b]);
    const put = await c.put(c.location(next).toString(), { query: { digest: sha256(data) } });
    assert.equal(put.status, 201, show(put));
  });

  test("the Location of a session keeps working with its query string and as an absolute URL", async () => {
    const repo = uniqueRepo("status");
    const post = await c.post(`/v2/${repo}/blobs/uploads/`);
    assert.equal(post.status, 202);
    const raw = post.headers.get("location")!;
    const absolute = c.url(raw).toString();
    const relative = (() => {
      const u = new URL(absolute);
      return u.pathname + u.search;
    })();
    assert.equal((await c.get(absolute)).status, 204);
    assert.equal((await c.get(relative)).status, 204);
  });
});

describe("cancel an upload: DELETE", () => {
  test("DELETE a session -> 204; afterwards GET, PATCH, PUT and DELETE -> 404 BLOB_UPLOAD_UNKNOWN", async () => {
    const repo = uniqueRepo("cancel");
    const data = randomBlob(100);
    const loc = await c.startUpload(repo);
    await patchChunk(loc, data, 0);
    const del = await c.del(loc.toString());
    assert.equal(del.status, 204, show(del));
    assertError(await c.get(loc.toString()), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(await patchChunk(loc, data, 0), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(
      await c.put(loc.toString(), { query: { digest: sha256(data) } }),
      404,
      "BLOB_UPLOAD_UNKNOWN",
    );
    assertError(await c.del(loc.toString()), 404, "BLOB_UPLOAD_UNKNOWN");
    assert.equal((await c.head(`/v2/${repo}/blobs/${sha256(data)}`)).status, 404);
  });
});

describe("unknown and foreign upload sessions", () => {
  const methods = ["GET", "PATCH", "PUT", "DELETE"] as const;
  for (const method of methods) {
    test(`${method} on an unknown upload id -> 404 BLOB_UPLOAD_UNKNOWN`, async () => {
      const repo = uniqueRepo("unknown");
      await c.startUpload(repo);
      const body = method === "PATCH" || method === "PUT" ? randomBlob(10) : undefined;
      const res = await c.req(method, `/v2/${repo}/blobs/uploads/${randomUUID()}`, {
        ...(body ? { body } : {}),
        ...(method === "PUT" ? { query: { digest: sha256(body!) } } : {}),
      });
      assertError(res, 404, "BLOB_UPLOAD_UNKNOWN");
    });
  }

  test("a session of repository A is unknown under repository B", async () => {
    const a = uniqueRepo("owner");
    const b = uniqueRepo("other");
    await c.startUpload(b);
    const loc = await c.startUpload(a);
    const m = /^\/v2\/(.+)\/blobs\/uploads\/([^/?]+)$/.exec(loc.pathname);
    assert.ok(m, `upload Location ${loc.pathname} is not /v2/<name>/blobs/uploads/<id>`);
    assert.equal(m[1], a);
    const foreign = c.url(`/v2/${b}/blobs/uploads/${m[2]}${loc.search}`);
    const data = randomBlob(20);
    assertError(await c.get(foreign.toString()), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(await patchChunk(foreign, data, 0), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(
      await c.put(foreign.toString(), { query: { digest: sha256(data) }, body: data }),
      404,
      "BLOB_UPLOAD_UNKNOWN",
    );
    assertError(await c.del(foreign.toString()), 404, "BLOB_UPLOAD_UNKNOWN");
    assert.equal((await c.head(`/v2/${b}/blobs/${sha256(data)}`)).status, 404);
    // A's session is untouched
    assert.equal((await c.get(loc.toString())).status, 204);
  });

  for (const id of ["a%2Fb", "x".repeat(300), "%C3%BCn%C3%AFcode", "%00", "%zz"]) {
    test(`odd upload id ${JSON.stringify(id.slice(0, 20))} -> 4xx, never 5xx`, async () => {
      const repo = uniqueRepo("unknown");
      await c.startUpload(repo);
      const res = await c.get(`/v2/${repo}/blobs/uploads/${id}`);
      assert.ok(res.status >= 400 && res.status < 500, show(res));
      if (res.body.length > 0) assertClientError(res);
    });
  }
});

describe("concurrency on one session", () => {
  test("two PATCHes racing for offset 0: at most one wins, the blob is still exact", async () => {
    const repo = uniqueRepo("race");
    const a = randomBlob(50_000);
    const b = randomBlob(50_000);
    const loc = await c.startUpload(repo);
    const [ra, rb] = await Promise.all([patchChunk(loc, a, 0), patchChunk(loc, b, 0)]);
    const statuses = [ra.status, rb.status].sort();
    assert.ok(
      JSON.stringify(statuses) === JSON.stringify([202, 416]) ||
        (statuses[0]! >= 400 && statuses[1]! >= 400) ||
        JSON.stringify(statuses) === JSON.stringify([202, 409]),
      `statuses ${statuses.join(",")}: both chunks cannot be accepted at offset 0`,
    );
    const status = await c.get(loc.toString());
    assert.equal(status.status, 204, show(status));
    const winner = ra.status === 202 ? a : rb.status === 202 ? b : null;
    if (winner) {
      assert.equal(rangeEnd(status), winner.length - 1);
      const put = await c.put(c.location(status).toString(), { query: { digest: sha256(winner) } });
      assert.equal(put.status, 201, show(put));
      assert.ok((await c.get(`/v2/${repo}/blobs/${sha256(winner)}`)).body.equals(winner));
    }
  });

  test("closing PUT with a final body but no Content-Range appends it", async () => {
    const repo = uniqueRepo("race");
    const data = randomBlob(900);
    const loc = await c.startUpload(repo);
    const p = await patchChunk(loc, data.subarray(0, 300), 0);
    assert.equal(p.status, 202, show(p));
    const put = await c.put(c.location(p).toString(), {
      query: { digest: sha256(data) },
      headers: { "content-type": "application/octet-stream" },
      body: data.subarray(300),
    });
    assert.equal(put.status, 201, show(put));
    assert.ok((await c.get(`/v2/${repo}/blobs/${sha256(data)}`)).body.equals(data));
  });

  test("the same blob pushed through two sessions at once: both 201, bytes intact", async () => {
    const repo = uniqueRepo("race");
    const data = randomBlob(200_000);
    const [l1, l2] = await Promise.all([c.startUpload(repo), c.startUpload(repo)]);
    const [p1, p2] = await Promise.all(
      [l1, l2].map((l) => c.put(l.toString(), { query: { digest: sha256(data) }, body: data })),
    );
    assert.equal(p1!.status, 201, show(p1!));
    assert.equal(p2!.status, 201, show(p2!));
    assert.ok((await c.get(`/v2/${repo}/blobs/${sha256(data)}`)).body.equals(data));
  });
});
