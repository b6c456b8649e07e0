import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  type BuiltLayer,
  buildLayer,
  writeDockerArchive,
  writeLayout,
} from "../../test/fixtures/image-builder.ts";
import { openTarget } from "../scanner/image/open.ts";
import { type BufferScanner, scanImageSecrets } from "./image.ts";
import type { Finding, Origin } from "./types.ts";

/**
 * Layer walking and config fields, with a scanner that is part of the test's input: it
 * reports every `tok_` + ten lowercase letters or digits and calls files holding a NUL binary,
 * so the assertions see exactly which bytes of which layer reached the engine.
 */
const scanned: string[] = [];
const tokens: BufferScanner = {
  scanText(text: string, origin: Origin): Finding[] {
    const out: Finding[] = [];
    for (const [i, line] of text.split("\n").entries()) {
      for (const m of line.matchAll(/tok_[a-z0-9]{10}/g)) {
        out.push({
          ruleId: "tok",
          title: "token",
          severity: "high",
          origin,
          line: i + 1,
          column: m.index + 1,
          secret: m[0],
          redacted: "t…",
          fingerprint: m[0],
        });
      }
    }
    return out;
  },
  scanBuffer(buf: Uint8Array, origin: Origin) {
    scanned.push(origin.path);
    if (buf.includes(0)) return { skipped: "binary" as const };
    return this.scanText(Buffer.from(buf).toString("utf8"), origin);
  },
};

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-image-unit-"));
});
after(async () => rm(dir, { recursive: true, force: true }));

async function scan(
  layers: BuiltLayer[],
  opts: { archive?: boolean; config?: Record<string, unknown>; maxFileBytes?: number } = {},
) {
  const where = join(dir, `img-${++n}`);
  const built = opts.archive
    ? await writeDockerArchive(`${where}.tar`, layers, opts)
    : await writeLayout(where, "t", layers, opts);
  const target = await openTarget(built.ref, { credentials: null });
  if (target.kind !== "image") throw new Error("unreachable");
  try {
    return await scanImageSecrets(target.source, tokens, {
      ...(opts.maxFileBytes ? { maxFileBytes: opts.maxFileBytes } : {}),
    });
  } finally {
    await target.source.close();
  }
}

const where = (f: Finding) =>
  `${f.secret} ${f.origin.layer} ${f.origin.field ?? "-"} ${f.origin.path}:${f.line}`;

test("every layer is read, whiteouts are not applied; config and history are scanned", async () => {
  const l1 = await buildLayer([
    { path: "/app/.env", content: "A=1\nKEY=tok_aaaaaaaaaa\n" },
    { path: "/app/bin", content: Buffer.from([0, 1, 2, 0x74, 0x6f, 0x6b]) },
  ]);
  const l2 = await buildLayer([{ path: "/app/.env", type: "whiteout" }], "zstd");
  const l3 = await buildLayer([{ path: "./srv/x.conf", content: "tok_bbbbbbbbbb" }], "none");
  const config = {
    config: {
      Env: ["PATH=/bin", "API_TOKEN=tok_cccccccccc"],
      Labels: { owner: "me", key: "tok_dddddddddd" },
      Cmd: ["sh", "-c", "run --token tok_eeeeeeeeee"],
      Entrypoint: ["/entry", "tok_ffffffffff"],
    },
    history: [{ created_by: "ADD x" }, { created_by: "RUN echo tok_gggggggggg > /f" }, {}],
  };
  for (const archive of [false, true]) {
    scanned.length = 0;
    const r = await scan([l1, l2, l3], { archive, config });
    const id = (l: BuiltLayer) => (archive ? l.diffId : l.digest);
    assert.deepEqual(r.findings.map(where), [
      `tok_aaaaaaaaaa ${id(l1)} - /app/.env:2`,
      `tok_bbbbbbbbbb ${id(l3)} - /srv/x.conf:1`,
      "tok_cccccccccc config Env config:2",
      "tok_dddddddddd config Labels config:2",
      "tok_eeeeeeeeee config Cmd config:1",
      "tok_ffffffffff config Entrypoint config:1",
      "tok_gggggggggg history history history[1]:1",
    ]);
    assert.deepEqual(scanned, ["/app/.env", "/app/bin", "/srv/x.conf"], "whiteouts are not files");
    assert.deepEqual(r.stats, { layers: 3, files: 3, bytes: 23 + 6 + 14 });
    assert.deepEqual(r.errors, []);
  }
});

test("files above the size cap are skipped; a broken layer is an error, the rest is scanned", async () => {
  const big = await buildLayer([
    { path: "/big", content: `tok_hhhhhhhhhh${"x".repeat(2000)}` },
    { path: "/small", content: "tok_iiiiiiiiii" },
  ]);
  const { createHash, randomBytes } = await import("node:crypto");
  const bad = await buildLayer([{ path: "/bad", content: randomBytes(50_000).toString("hex") }]);
  const cut: BuiltLayer = { ...bad, blob: bad.blob.subarray(0, bad.blob.length >> 1) };
  cut.digest = `sha256:${createHash("sha256").update(cut.blob).digest("hex")}`;
  const r = await scan([big, cut], { maxFileBytes: 1000 });
  assert.deepEqual(
    r.findings.map((f) => f.secret),
    ["tok_iiiiiiiiii"],
  );
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0]!.path, /^layer 2 \(sha256:/);
  assert.match(r.errors[0]!.reason, /gzip|truncated|end/i);
});
