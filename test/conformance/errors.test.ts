/**
 * Errors and bad input: spec.md "Error Codes" (the JSON envelope and its closed code table),
 * name and reference grammar ("Pulling manifests"), digests (image-spec descriptor.md),
 * and robustness: malformed requests, wrong Content-Length, stalled bodies never yield a 5xx
 * and never leave partial content behind.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";
import {
  assertClientError,
  assertError,
  buildImage,
  Client,
  type RawResponse,
  type Res,
  randomBlob,
  rangeEnd,
  rawDefaults,
  rawErrorCodes,
  rawRequest,
  SPEC_ERROR_CODES,
  sha256,
  show,
  sleep,
  uniqueRepo,
} from "./client.ts";

let reg: TestRegistry;
let c: Client;
let host: string;

before(async () => {
  reg = await startRegistry({ server: { bodyIdleTimeoutSeconds: 1 } });
  c = new Client(reg.url, reg.admin);
  rawDefaults.authorization = c.basic();
  host = new URL(reg.url).host;
});
after(async () => {
  await reg?.close();
});

async function assertAlive(): Promise<void> {
  const res = await c.get("/v2/");
  assert.equal(res.status, 200, "the server stopped serving");
}

function assertRawClientError(res: RawResponse | null, what: string): RawResponse {
  assert.ok(res, `${what}: no HTTP response`);
  assert.ok(
    res.status >= 400 && res.status < 500,
    `${what}: expected 4xx, got ${res.status} ${res.body.slice(0, 200)}`,
  );
  return res;
}

/** Spec "Error Codes": a 4xx body MAY be in any format, but a JSON one MUST be the envelope. */
function assertJsonBodyIsEnvelope(res: RawResponse, what: string): void {
  if (res.status < 400 || res.body.trim() === "") return;
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    return; // not JSON: any format is allowed
  }
  const errors = (json as { errors?: unknown }).errors;
  assert.ok(
    Array.isArray(errors) && errors.length > 0,
    `${what}: JSON error body is not the OCI envelope: ${res.body.slice(0, 200)}`,
  );
  const codes = rawErrorCodes(res);
  assert.ok(
    codes.every((code) => (SPEC_ERROR_CODES as readonly string[]).includes(code)),
    `${what}: codes ${codes.join(",")} are not in the spec's table`,
  );
}

describe("error envelope", () => {
  test("errors are {errors:[{code,message,detail?}]} with codes from the spec's table", async () => {
    const repo = uniqueRepo("env");
    await c.pushImage(repo, "t");
    const cases = [
      await c.get(`/v2/${repo}/manifests/missing`),
      await c.get(`/v2/${repo}/blobs/${sha256("x")}`),
      await c.get(`/v2/${uniqueRepo("ghost")}/tags/list`),
      await c.get(`/v2/${repo}/blobs/uploads/does-not-exist`),
      await c.put(`/v2/${repo}/manifests/t`, {
        headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" },
        body: "{",
      }),
      await c.get(`/v2/${repo}/blobs/sha256:zz`),
    ];
    for (const res of cases) assertClientError(res, SPEC_ERROR_CODES);
  });

  test("HEAD of a missing blob or manifest: 404 without a body", async () => {
    const repo = uniqueRepo("env");
    await c.pushImage(repo, "t");
    for (const path of [`/v2/${repo}/manifests/missing`, `/v2/${repo}/blobs/${sha256("y")}`]) {
      const raw = await rawRequest(
        reg.url,
        `HEAD ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close`,
      );
      assert.ok(raw);
      assert.equal(raw.status, 404);
      assert.equal(raw.body, "", "HEAD response carried a body");
    }
  });
});

describe("invalid repository names", () => {
  const digest = sha256("any");
  const names = [
    { label: "uppercase", name: "Upper/case" },
    { label: "leading separator", name: "-foo/bar" },
    { label: "trailing separator", name: "foo-/bar" },
    { label: "double dot", name: "foo..bar/x" },
    { label: "empty component", name: "foo//bar" },
    { label: "underscore then slash", name: "foo_/bar" },
    { label: "space", name: "foo%20bar" },
    { label: "256 characters", name: "a".repeat(256) },
    { label: "256 characters in components", name: `${"a".repeat(127)}/${"b".repeat(128)}` },
  ];
  for (const { label, name } of names) {
    test(`${label}: write paths -> 400 NAME_INVALID`, async () => {
      assertError(await c.post(`/v2/${name}/blobs/uploads/`), 400, "NAME_INVALID");
      const img = buildImage();
      assertError(await c.putManifest(name, "t", img.manifest, img.mediaType), 400, "NAME_INVALID");
      assertError(
        await c.post(`/v2/${name}/blobs/uploads/`, { query: { digest: sha256("z") }, body: "z" }),
        400,
        "NAME_INVALID",
      );
    });
    test(`${label}: read paths -> 4xx NAME_INVALID or NAME_UNKNOWN`, async () => {
      const codes = ["NAME_INVALID", "NAME_UNKNOWN"];
      for (const path of [
        `/v2/${name}/tags/list`,
        `/v2/${name}/manifests/latest`,
        `/v2/${name}/blobs/${digest}`,
        `/v2/${name}/referrers/${digest}`,
      ]) {
        const res = await c.get(path);
        assert.ok([400, 404].includes(res.status), show(res));
        assertError(res, [400, 404], codes);
      }
    });
  }

  test("255 characters is still a valid name", async () => {
    const name = `${"a".repeat(120)}/${"b".repeat(134)}`;
    assert.equal(name.length, 255);
    const res = await c.post(`/v2/${name}/blobs/uploads/`);
    assert.equal(res.status, 202, show(res));
  });

  for (const [method, path, expectWrite] of [
    ["GET", "/v2/foo/../bar/tags/list", false],
    ["GET", "/v2/foo/./bar/manifests/latest", false],
    ["GET", "/v2/../v2/foo/tags/list", false],
    ["POST", "/v2/foo/../bar/blobs/uploads/", true],
    ["PUT", "/v2/a/../../b/manifests/t", true],
    ["GET", "/v2/foo/%2e%2e/bar/tags/list", false],
  ] as const) {
    test(`dot segments sent raw: ${method} ${path} -> 4xx with a name error`, async () => {
      const res = assertRawClientError(
        await rawRequest(
          reg.url,
          `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nConnection: close`,
        ),
        path,
      );
      const codes = rawErrorCodes(res);
      if (expectWrite) {
        assert.equal(res.status, 400, `${path}: ${res.body}`);
        assert.ok(codes.includes("NAME_INVALID"), `${path}: ${res.body}`);
      } else {
        assert.ok(
          codes.some((code) => code === "NAME_INVALID" || code === "NAME_UNKNOWN"),
          `${path}: ${res.status} ${res.body}`,
        );
      }
    });
  }
});

describe("malformed digests -> 400 DIGEST_INVALID", () => {
  const bad = [
    "sha256:abc",
    `sha256:${"a".repeat(63)}`,
    `sha256:${"a".repeat(65)}`,
    `sha256:${"g".repeat(64)}`,
    `sha256:${"A".repeat(64)}`,
    "sha256",
    "sha256:",
    `:${"a".repeat(64)}`,
    `sha256::${"a".repeat(64)}`,
  ];
  for (const d of bad) {
    const label = JSON.stringify(d.length > 20 ? `${d.slice(0, 16)}…(${d.length})` : d);
    test(`${label} on blob GET/HEAD/DELETE, uploads and referrers`, async () => {
      const repo = uniqueRepo("dig");
      await c.pushImage(repo, "t");
      assertError(await c.get(`/v2/${repo}/blobs/${d}`), 400, "DIGEST_INVALID");
      assert.equal((await c.head(`/v2/${repo}/blobs/${d}`)).status, 400);
      assertError(await c.del(`/v2/${repo}/blobs/${d}`), 400, "DIGEST_INVALID");
      assertError(
        await c.post(`/v2/${repo}/blobs/uploads/`, { query: { digest: d }, body: "data" }),
        400,
        "DIGEST_INVALID",
      );
      const loc = await c.startUpload(repo);
      assertError(
        await c.put(loc.toString(), { query: { digest: d }, body: "data" }),
        400,
        "DIGEST_INVALID",
      );
      assertError(await c.get(`/v2/${repo}/referrers/${d}`), 400, "DIGEST_INVALID");
      const mount = await c.post(`/v2/${repo}/blobs/uploads/`, { query: { mount: d, from: repo } });
      if (mount.status !== 202) assertError(mount, 400, "DIGEST_INVALID");
    });
  }

  for (const d of ["md5:d41d8cd98f00b204e9800998ecf8427e", `foo:${"a".repeat(64)}`]) {
    test(`unsupported algorithm ${d.slice(0, 12)}… on an upload -> 400 DIGEST_INVALID`, async () => {
      const repo = uniqueRepo("dig");
      const loc = await c.startUpload(repo);
      assertError(
        await c.put(loc.toString(), { query: { digest: d }, body: "data" }),
        400,
        "DIGEST_INVALID",
      );
    });
  }

  test("manifest references that are neither tag nor digest -> 4xx with a spec code", async () => {
    const repo = uniqueRepo("dig");
    await c.pushImage(repo, "t");
    for (const ref of ["sha256:abc", `sha256:${"G".repeat(64)}`, "-tag", "a".repeat(129)]) {
      for (const method of ["GET", "HEAD", "DELETE"] as const) {
        const res = await c.req(method, `/v2/${repo}/manifests/${ref}`);
        assert.ok([400, 404].includes(res.status), show(res));
        if (method !== "HEAD")
          assertClientError(res, [
            "DIGEST_INVALID",
            "MANIFEST_INVALID",
            "MANIFEST_UNKNOWN",
            "NAME_INVALID",
          ]);
      }
    }
  });
});

describe("malformed requests never give a 5xx", () => {
  const rawCases: { name: string; head: (repo: string) => string; body?: Buffer }[] = [
    {
      name: "bad percent-encoding in a tag",
      head: (r) => `GET /v2/${r}/manifests/%E0%A4%A HTTP/1.1`,
    },
    { name: "NUL in the name", head: (r) => `GET /v2/${r}%00x/tags/list HTTP/1.1` },
    {
      name: "bad percent-encoding in the query",
      head: (r) => `GET /v2/${r}/tags/list?n=%zz HTTP/1.1`,
    },
    {
      name: "bad percent-encoding in the digest query",
      head: (r) => `POST /v2/${r}/blobs/uploads/?digest=%zz HTTP/1.1`,
    },
    {
      name: "Content-Length not a number",
      head: (r) => `PUT /v2/${r}/manifests/t HTTP/1.1\r\nContent-Length: abc`,
    },
    {
      name: "both Content-Length and Transfer-Encoding",
      head: (r) =>
        `PATCH /v2/${r}/blobs/uploads/x HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked`,
      body: Buffer.from("0\r\n\r\n"),
    },
    {
      name: "broken chunked encoding",
      head: (r) =>
        `PUT /v2/${r}/manifests/t HTTP/1.1\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\nTransfer-Encoding: chunked`,
      body: Buffer.from("zz\r\nhello\r\n0\r\n\r\n"),
    },
    { name: "garbage request line", head: () => "HELLO THERE" },
    { name: "unknown method", head: () => "BREW /v2/ HTTP/1.1" },
    { name: "PROPFIND on /v2/", head: () => "PROPFIND /v2/ HTTP/1.1" },
    { name: "POST /v2/", head: () => "POST /v2/ HTTP/1.1\r\nContent-Length: 0" },
    { name: "unknown endpoint", head: (r) => `GET /v2/${r}/nothing-here HTTP/1.1` },
    {
      name: "PUT on a blob URL",
      head: (r) => `PUT /v2/${r}/blobs/${sha256("q")} HTTP/1.1\r\nContent-Length: 0`,
    },
    { name: "POST on the catalog", head: () => "POST /v2/_catalog HTTP/1.1\r\nContent-Length: 0" },
    { name: "a /v3/ path", head: () => "GET /v3/ HTTP/1.1" },
    {
      name: "absolute-form target",
      head: (r) => `GET http://${"127.0.0.1"}/v2/${r}/tags/list HTTP/1.1`,
    },
    { name: "very long tag", head: (r) => `GET /v2/${r}/manifests/${"t".repeat(5000)} HTTP/1.1` },
    {
      name: "manifest PUT without a body",
      head: (r) => `PUT /v2/${r}/manifests/t HTTP/1.1\r\nContent-Length: 0`,
    },
    {
      name: "PATCH on the uploads collection",
      head: (r) => `PATCH /v2/${r}/blobs/uploads/ HTTP/1.1\r\nContent-Length: 0`,
    },
  ];
  for (const row of rawCases) {
    test(row.name, async () => {
      const repo = uniqueRepo("raw");
      await c.pushImage(repo, "t");
      const head = row.head(repo);
      const withHost = head.includes("\r\n")
        ? head.replace("\r\n", `\r\nHost: ${host}\r\n`)
        : `${head}\r\nHost: ${host}`;
      const res = await rawRequest(reg.url, `${withHost}\r\nConnection: close`, {
        ...(row.body ? { body: row.body } : {}),
        timeoutMs: 5000,
      });
      // Node's parser may answer 400 and close, or close outright; both are fine, a 5xx is not.
      if (res) {
        assert.ok(res.status < 500, `${row.name}: ${res.status} ${res.body.slice(0, 200)}`);
        assertJsonBodyIsEnvelope(res, row.name);
      }
      await assertAlive();
      assert.equal((await c.get(`/v2/${repo}/manifests/t`)).status, 200);
    });
  }

  test("manifest PUT with no Content-Type and a mediaType in the body never 5xx", async () => {
    const repo = uniqueRepo("raw");
    const img = buildImage();
    await c.pushBlobs(repo, [img.config, ...img.layers]);
    const res = await c.put(`/v2/${repo}/manifests/t`, { body: img.manifest });
    assert.ok(res.status < 500, show(res));
    if (res.status >= 400) assertClientError(res);
  });

  test("a JSON body that is a huge number or huge string never 5xx", async () => {
    const repo = uniqueRepo("raw");
    for (const body of [
      "1e999999",
      `"${"x".repeat(100_000)}"`,
      `{"schemaVersion":2,"config":{"size":1e400}}`,
    ]) {
      const res = await c.putManifest(
        repo,
        "t",
        body,
        "application/vnd.oci.image.manifest.v1+json",
      );
      assertError(res, 400, "MANIFEST_INVALID");
    }
  });
});

describe("wrong Content-Length: the client declares more than it sends, then closes", () => {
  test("monolithic PUT to a session: no blob is created, the server keeps serving", async () => {
    const repo = uniqueRepo("short");
    const data = randomBlob(1000);
    const digest = sha256(data);
    const loc = await c.startUpload(repo);
    const target =
      loc.pathname + loc.search + (loc.search ? "&" : "?") + `digest=${encodeURIComponent(digest)}`;
    await rawRequest(
      reg.url,
      `PUT ${target} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${data.length}`,
      { body: data.subarray(0, 100), afterBody: "end", timeoutMs: 5000 },
    );
    await assertAlive();
    assert.equal((await c.head(`/v2/${repo}/blobs/${digest}`)).status, 404);
    assert.equal((await c.head(`/v2/${repo}/blobs/${sha256(data.subarray(0, 100))}`)).status, 404);
  });

  test("cutting bodies short many times raises no uncaught exception in the server", async () => {
    const repo = uniqueRepo("short");
    const seen: Error[] = [];
    const onUncaught = (err: Error) => seen.push(err);
    process.on("uncaughtException", onUncaught);
    try {
      for (let i = 0; i < 10; i++) {
        const data = randomBlob(5000);
        const loc = await c.startUpload(repo);
        const target = `${loc.pathname}${loc.search}${loc.search ? "&" : "?"}digest=${encodeURIComponent(sha256(data))}`;
        for (const [method, path, afterBody] of [
          ["PUT", target, "end"],
          ["PATCH", `${loc.pathname}${loc.search}`, "destroy"],
          ["POST", `/v2/${repo}/blobs/uploads/?digest=${sha256(data)}`, "end"],
        ] as const) {
          await rawRequest(
            reg.url,
            `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${data.length}`,
            { body: data.subarray(0, 10 + i * 100), afterBody, timeoutMs: 3000 },
          );
        }
      }
      await sleep(300);
      await assertAlive();
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    assert.deepEqual(
      seen.map((e) => e.message),
      [],
      "errors escaped the request handlers (a standalone server process would crash)",
    );
  });

  test("single POST ?digest=: no blob is created", async () => {
    const repo = uniqueRepo("short");
    await c.startUpload(repo);
    const data = randomBlob(2000);
    const digest = sha256(data);
    await rawRequest(
      reg.url,
      `POST /v2/${repo}/blobs/uploads/?digest=${digest} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${data.length}`,
      { body: data.subarray(0, 500), afterBody: "destroy", timeoutMs: 5000 },
    );
    await assertAlive();
    assert.equal((await c.head(`/v2/${repo}/blobs/${digest}`)).status, 404);
  });

  test("PATCH cut short: the session reports a consistent offset and can be completed", async () => {
    const repo = uniqueRepo("short");
    const data = randomBlob(3000);
    const loc = await c.startUpload(repo);
    const first = await c.patch(loc.toString(), {
      headers: { "content-range": "0-99", "content-type": "application/octet-stream" },
      body: data.subarray(0, 100),
    });
    assert.equal(first.status, 202, show(first));
    const next = c.location(first);
    await rawRequest(
      reg.url,
      `PATCH ${next.pathname}${next.search} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/octet-stream\r\nContent-Range: 100-2999\r\nContent-Length: 2900`,
      { body: data.subarray(100, 400), afterBody: "end", timeoutMs: 5000 },
    );
    await assertAlive();
    // The aborted request may still hold the session for a moment (drydock answers 409
    // "busy"); retry a bounded number of times, re-reading the offset each time.
    let rest: Res | undefined;
    for (let attempt = 0; attempt < 10; attempt++) {
      const status = await c.get(next.toString());
      assert.equal(status.status, 204, show(status));
      const end = rangeEnd(status);
      assert.ok(end >= 99 && end < 400, `offset ${end} is not within what was sent`);
      rest = await c.patch(c.location(status).toString(), {
        headers: {
          "content-range": `${end + 1}-${data.length - 1}`,
          "content-type": "application/octet-stream",
        },
        body: data.subarray(end + 1),
      });
      if (rest.status !== 409) break;
      await sleep(200);
    }
    assert.ok(rest);
    assert.equal(rest.status, 202, show(rest));
    const put = await c.put(c.location(rest).toString(), { query: { digest: sha256(data) } });
    assert.equal(put.status, 201, show(put));
    const got = await c.get(`/v2/${repo}/blobs/${sha256(data)}`);
    assert.ok(got.body.equals(data), "blob differs after resuming");
  });

  test("manifest PUT cut short: no manifest or tag is created", async () => {
    const repo = uniqueRepo("short");
    const img = buildImage();
    await c.pushBlobs(repo, [img.config, ...img.layers]);
    await rawRequest(
      reg.url,
      `PUT /v2/${repo}/manifests/cut HTTP/1.1\r\nHost: ${host}\r\nContent-Type: ${img.mediaType}\r\nContent-Length: ${img.manifest.length + 50}`,
      { body: img.manifest, afterBody: "end", timeoutMs: 5000 },
    );
    await assertAlive();
    assert.equal((await c.get(`/v2/${repo}/manifests/cut`)).status, 404);
    assert.equal((await c.get(`/v2/${repo}/manifests/${img.digest}`)).status, 404);
  });

  test("declared body far larger than the manifest limit is refused with 4xx, not read to the end", async () => {
    const repo = uniqueRepo("short");
    const res = await rawRequest(
      reg.url,
      `PUT /v2/${repo}/manifests/huge HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\nContent-Length: ${10 * 1024 * 1024 * 1024}`,
      { body: Buffer.from("{"), afterBody: "wait", timeoutMs: 10_000 },
    );
    assertRawClientError(res, "10 GiB manifest");
    await assertAlive();
  });
});

describe("stalled client (server.bodyIdleTimeoutSeconds: 1)", () => {
  test("PATCH that stops sending mid-body -> 408 and the session stays usable", async () => {
    const repo = uniqueRepo("stall");
    const data = randomBlob(1000);
    const loc = await c.startUpload(repo);
    const res = await rawRequest(
      reg.url,
      `PATCH ${loc.pathname}${loc.search} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/octet-stream\r\nContent-Range: 0-999\r\nContent-Length: 1000`,
      { body: data.subarray(0, 10), afterBody: "wait", timeoutMs: 15_000 },
    );
    assert.ok(res, "the server never answered the stalled request");
    assert.equal(res.status, 408, `expected 408, got ${res.status} ${res.body}`);
    await assertAlive();
    // the session is still there and consistent
    const status = await c.get(loc.toString());
    assert.equal(status.status, 204, show(status));
    const range = status.headers.get("range");
    const start = range && /^0-(\d+)$/.test(range) && range !== "0-0" ? rangeEnd(status) + 1 : 0;
    assert.ok(start <= 10);
    const p = await c.patch(c.location(status).toString(), {
      headers: {
        "content-range": `${start}-${data.length - 1}`,
        "content-type": "application/octet-stream",
      },
      body: data.subarray(start),
    });
    assert.equal(p.status, 202, show(p));
    const put = await c.put(c.location(p).toString(), { query: { digest: sha256(data) } });
    assert.equal(put.status, 201, show(put));
    assert.ok((await c.get(`/v2/${repo}/blobs/${sha256(data)}`)).body.equals(data));
  });

  test("manifest PUT that stalls -> 408 and nothing is stored", async () => {
    const repo = uniqueRepo("stall");
    const img = buildImage();
    await c.pushBlobs(repo, [img.config, ...img.layers]);
    const res = await rawRequest(
      reg.url,
      `PUT /v2/${repo}/manifests/slow HTTP/1.1\r\nHost: ${host}\r\nContent-Type: ${img.mediaType}\r\nContent-Length: ${img.manifest.length}`,
      { body: img.manifest.subarray(0, 20), afterBody: "wait", timeoutMs: 15_000 },
    );
    assert.ok(res, "the server never answered the stalled request");
    assert.equal(res.status, 408, `expected 408, got ${res.status} ${res.body}`);
    await assertAlive();
    assert.equal((await c.get(`/v2/${repo}/manifests/slow`)).status, 404);
  });

  test("single POST that stalls -> 408 and no blob", async () => {
    const repo = uniqueRepo("stall");
    const data = randomBlob(500);
    const res = await rawRequest(
      reg.url,
      `POST /v2/${repo}/blobs/uploads/?digest=${sha256(data)} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${data.length}`,
      { body: data.subarray(0, 100), afterBody: "wait", timeoutMs: 15_000 },
    );
    assert.ok(res, "the server never answered the stalled request");
    assert.equal(res.status, 408, `expected 408, got ${res.status} ${res.body}`);
    await assertAlive();
    assert.equal((await c.head(`/v2/${repo}/blobs/${sha256(data)}`)).status, 404);
  });

  test("a slow but steady client is not cut off", async () => {
    const repo = uniqueRepo("stall");
    const data = randomBlob(300);
    const loc = await c.startUpload(repo);
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (i >= 3) {
          controller.close();
          return;
        }
        if (i > 0) await new Promise((r) => setTimeout(r, 400));
        controller.enqueue(data.subarray(i * 100, (i + 1) * 100));
        i++;
      },
    });
    const res = await c.patch(loc.toString(), {
      headers: { "content-type": "application/octet-stream" },
      body: stream,
    });
    assert.equal(res.status, 202, show(res));
    const put = await c.put(c.location(res).toString(), { query: { digest: sha256(data) } });
    assert.equal(put.status, 201, show(put));
  });
});
