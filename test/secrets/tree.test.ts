import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { crc32, deflateRawSync, gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { scanArchive } from "../../src/secrets/archive.ts";
import { SecretEngine } from "../../src/secrets/engine.ts";
import { scanTree } from "../../src/secrets/tree.ts";
import type { SecretRule } from "../../src/secrets/types.ts";

// Secrets are built at test time; none is written in this file.
function fake(label: string, length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  for (let i = 0; out.length < length; i++)
    for (const b of createHash("sha256").update(`${label}:${i}`).digest())
      if (out.length < length) out += alphabet[b % alphabet.length];
  return out;
}
const token = (label: string) => `tkn_${fake(label, 24)}`;

/** `ghp_` + 30 base62 + the base62 CRC-32 of those 30: what GitHub's classic tokens look like. */
function githubToken(label: string): string {
  const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const body = fake(label, 30);
  let v = crc32(body);
  let check = "";
  for (let i = 0; i < 6; i++) {
    check = base62[v % 62] + check;
    v = Math.floor(v / 62);
  }
  return `${"ghp"}_${body}${check}`;
}

const TOKEN: SecretRule = {
  meta: {
    id: "test-token",
    title: "Test token",
    severity: "high",
    keywords: ["tkn_"],
    docsUrl: "https://example.invalid/tkn",
  },
  pattern: /\b(?<secret>tkn_[A-Za-z0-9]{24})\b/g,
};
const engine = (opts: ConstructorParameters<typeof SecretEngine>[0] = {}) =>
  new SecretEngine({ rules: [TOKEN], ...opts });

/** A zip file, written by hand so a test can lie in its headers. */
function zip(
  members: { name: string; data: Uint8Array | string; store?: boolean; declaredSize?: number }[],
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const raw = typeof m.data === "string" ? Buffer.from(m.data) : Buffer.from(m.data);
    const body = m.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(m.name);
    const size = m.declaredSize ?? raw.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(m.store ? 0 : 8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(m.store ? 0 : 8, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function tar(members: { name: string; data: string | Buffer }[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on("data", (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((resolve) => p.on("end", () => resolve()));
  for (const m of members) p.entry({ name: m.name }, m.data);
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

let root: string;
let server: Server | null = null;
const secrets = {
  plain: token("plain"),
  nested: token("nested-jar"),
  tar: token("tar"),
  tgz: token("tgz"),
  afterBomb: token("after-bomb"),
  inGit: token("in-git"),
  deep: token("deep"),
  big: token("big"),
};

before(async () => {
  root = await mkdtemp(join(tmpdir(), "drydock-tree-"));
  await mkdir(join(root, "src/deep/er"), { recursive: true });
  await writeFile(join(root, "src/config.env"), `A=1\nTOKEN=${secrets.plain}\n`);
  await writeFile(join(root, "src/deep/er/notes.md"), "nothing here\n");
  await writeFile(join(root, "image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));

  // .git is never walked.
  await mkdir(join(root, ".git"), { recursive: true });
  await writeFile(join(root, ".git/config"), `token = ${secrets.inGit}\n`);

  // Links: a loop, a link to a directory outside, a link to a file with a secret.
  await symlink("..", join(root, "src/loop"));
  await symlink(tmpdir(), join(root, "outside"));
  await symlink(join(root, "src/config.env"), join(root, "link.env"));

  // A FIFO and a socket: listed as skipped, never opened (opening a FIFO would block).
  execFileSync("mkfifo", [join(root, "pipe")]);
  server = createServer();
  await new Promise<void>((resolve) => server!.listen(join(root, "sock"), resolve));

  // Archives: a jar inside a zip, a tar, a tar.gz, one level too deep.
  const innerJar = zip([{ name: "config/app.properties", data: `key=${secrets.nested}\n` }]);
  await writeFile(
    join(root, "outer.zip"),
    zip([
      { name: "lib/inner.jar", data: innerJar, store: true },
      { name: "../../etc/evil.txt", data: "only a name\n" },
    ]),
  );
  await writeFile(join(root, "bundle.tar"), await tar([{ name: "a/b.txt", data: secrets.tar }]));
  await writeFile(
    join(root, "bundle.tgz"),
    gzipSync(await tar([{ name: "c.env", data: `X=${secrets.tgz}` }])),
  );
  const level3 = zip([{ name: "deep.txt", data: secrets.deep }]);
  const level2 = zip([{ name: "l3.zip", data: level3 }]);
  await writeFile(join(root, "l1.zip"), zip([{ name: "l2.zip", data: level2 }]));

  // A zip bomb: 60 MiB of zeros (deflates to ~60 KiB), declared honestly; then a lying one.
  const zeros = new Uint8Array(60 * 1024 * 1024);
  await writeFile(
    join(root, "bomb.zip"),
    zip([
      { name: "first.txt", data: `t=${secrets.afterBomb}` },
      { name: "zeros.bin", data: zeros },
    ]),
  );
  await writeFile(
    join(root, "liar.zip"),
    zip([{ name: "zeros.txt", data: zeros, declaredSize: 100 }]),
  );
});

after(async () => {
  server?.close();
  await rm(root, { recursive: true, force: true });
});

test("a tree: files, nested archives, links not followed, .git and special files skipped", async () => {
  const progress: number[] = [];
  const r = await scanTree(root, engine(), {
    onProgress: (p) => progress.push(p.files),
    workers: 0,
  });
  const found = r.findings.map((f) => `${f.origin.path}:${f.line}:${f.secret}`);
  assert.deepEqual(found, [
    `bomb.zip!first.txt:1:${secrets.afterBomb}`,
    `bundle.tar!a/b.txt:1:${secrets.tar}`,
    `bundle.tgz!c.env:1:${secrets.tgz}`,
    `outer.zip!lib/inner.jar!config/app.properties:1:${secrets.nested}`,
    `src/config.env:2:${secrets.plain}`,
  ]);
  const skipped = Object.fromEntries(r.stats.skipped.map((s) => [s.path, s.reason]));
  assert.equal(skipped["src/loop"], "symbolic link (not followed)");
  assert.equal(skipped["outside"], "symbolic link (not followed)");
  assert.equal(skipped["link.env"], "symbolic link (not followed)");
  assert.equal(skipped["pipe"], "not a regular file (FIFO)");
  assert.equal(skipped["sock"], "not a regular file (socket)");
  assert.equal(skipped["image.png"], "binary");
  assert.match(skipped["l1.zip!l2.zip!l3.zip"] ?? "", /nested deeper than 2/);
  assert.ok(!r.findings.some((f) => f.origin.path.startsWith(".git")));

  // Both bombs are stopped and reported, the rest of the tree is scanned.
  const errors = Object.fromEntries(r.errors.map((e) => [e.path, e.reason]));
  assert.match(errors["bomb.zip"] ?? "", /decompression bomb/);
  assert.match(errors["liar.zip"] ?? "", /decompression bomb/);
  assert.equal(r.errors.length, 2);
  // The name with ../ stayed a name.
  assert.ok(r.stats.files > 10);
  assert.ok(progress.length > 0 && progress.at(-1) === r.stats.files);
});

test("archive limits: depth, size, inflated budget", async () => {
  const inner = zip([{ name: "x.txt", data: secrets.deep }]);
  const outer = zip([{ name: "in.zip", data: inner }]);
  const shallow = await scanArchive(outer, "o.zip", "zip", engine(), { maxDepth: 1 });
  assert.deepEqual(shallow.findings, []);
  assert.match(shallow.skipped[0]?.reason ?? "", /nested deeper than 1/);
  const deep = await scanArchive(outer, "o.zip", "zip", engine(), { maxDepth: 2 });
  assert.equal(deep.findings[0]?.origin.path, "o.zip!in.zip!x.txt");

  const r = await scanArchive(
    zip([{ name: "a.txt", data: "x".repeat(5000) }]),
    "small.zip",
    "zip",
    engine(),
    { maxInflatedBytes: 4096 },
  );
  assert.match(r.errors[0]?.reason ?? "", /4096-byte limit/);

  const broken = await scanArchive(Buffer.from("not a zip"), "b.zip", "zip", engine());
  assert.match(broken.errors[0]?.reason ?? "", /cannot read zip archive/);
});

test("an archive over archives.maxBytes is not opened", async () => {
  const r = await scanTree(root, engine(), {
    workers: 0,
    archives: { maxBytes: 100, maxDepth: 2 },
  });
  assert.ok(
    r.stats.skipped.some((s) => s.path === "outer.zip" && /larger than 100/.test(s.reason)),
  );
  assert.ok(!r.findings.some((f) => f.origin.path.startsWith("outer.zip")));
});

test("the allowlist keeps files (and archives) out of the scan", async () => {
  const r = await scanTree(root, engine({ allowlist: { paths: ["src/", "*.zip"] } }), {
    workers: 0,
  });
  assert.deepEqual(
    r.findings.map((f) => f.origin.path),
    ["bundle.tar!a/b.txt", "bundle.tgz!c.env"],
  );
});

/**
 * Runs scanTree on `dir` in a child process (with the test-token rule) and returns what it
 * found, its errors, and the child's peak resident memory. A small heap, and a young
 * generation of 1 MiB a half, make the child collect garbage as it goes, so its peak shows
 * what the scan really holds at once rather than how far V8 let its nursery grow (with the
 * default nursery the same scan peaked 28-41 MB over a small tree, run to run).
 */
function scanInChild(
  dir: string,
  opts: { uid?: number; gid?: number } = {},
): {
  found: [string, number, number, string][];
  errors: unknown[];
  bytes: number;
  maxRssKb: number;
} {
  const script = `
    import { SecretEngine } from ${JSON.stringify(pathToFileURL(src("secrets/engine.ts")).href)};
    import { scanTree } from ${JSON.stringify(pathToFileURL(src("secrets/tree.ts")).href)};
    const rule = { meta: { id: "test-token", title: "t", severity: "high", keywords: ["tkn_"], docsUrl: "" },
      pattern: /\\b(?<secret>tkn_[A-Za-z0-9]{24})\\b/g };
    const r = await scanTree(${JSON.stringify(dir)}, new SecretEngine({ rules: [rule] }), { workers: 0 });
    console.log(JSON.stringify({
      found: r.findings.map((f) => [f.origin.path, f.line, f.column, f.secret]),
      errors: r.errors,
      bytes: r.stats.bytes,
      maxRssKb: process.resourceUsage().maxRSS,
    }));
  `;
  const child = spawnSync(
    process.execPath,
    [
      "--max-old-space-size=32",
      "--max-semi-space-size=1",
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      script,
    ],
    { encoding: "utf8", timeout: 120_000, cwd: src(".."), ...opts },
  );
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout);
}

test("a 50 MB single-line file with a secret near its end is found in bounded memory", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "drydock-big-"));
  const small = await mkdtemp(join(tmpdir(), "drydock-small-"));
  try {
    await writeFile(join(small, "a.js"), `"${secrets.big}";`);
    const file = join(dir, "huge.min.js");
    const out = createWriteStream(file);
    const block = "a9/".repeat(349_526).slice(0, 1024 * 1024); // 1 MiB, no newline
    for (let i = 0; i < 50; i++)
      if (!out.write(block)) await new Promise<void>((r) => out.once("drain", () => r()));
    out.end(`"${secrets.big}";`);
    await new Promise<void>((r) => out.on("close", () => r()));

    const base = scanInChild(small);
    const big = scanInChild(dir);
    assert.deepEqual(big.found, [["huge.min.js", 1, 50 * 1024 * 1024 + 2, secrets.big]]);
    assert.equal(big.bytes, 50 * 1024 * 1024 + secrets.big.length + 3);
    // Holding the file (50 MB) and its text (50 MB more) would show; windows of 1 Mi do not.
    const extraMb = (big.maxRssKb - base.maxRssKb) / 1024;
    t.diagnostic(
      `peak RSS ${(big.maxRssKb / 1024).toFixed(0)} MB, ${extraMb.toFixed(0)} MB over a small tree`,
    );
    assert.ok(extraMb < 40, `peak memory grew by ${extraMb.toFixed(0)} MB for a 50 MB file`);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(small, { recursive: true, force: true });
  }
});

test("an unreadable file is reported as an error and the rest is scanned", async () => {
  const dir = await mkdtemp(join(tmpdir(), "drydock-perm-"));
  try {
    await writeFile(join(dir, "a.env"), `T=${secrets.plain}\n`);
    await writeFile(join(dir, "secret-store"), "x");
    await chmod(join(dir, "secret-store"), 0o000);
    await chmod(dir, 0o755);
    await chmod(join(dir, "a.env"), 0o644);
    // Permissions do not stop root: then the scan runs as nobody.
    const asRoot = process.getuid?.() === 0;
    const r = scanInChild(dir, asRoot ? { uid: 65534, gid: 65534 } : {});
    assert.deepEqual(
      r.found.map((f) => f[0]),
      ["a.env"],
    );
    assert.deepEqual(r.errors, [{ path: "secret-store", reason: "cannot open: EACCES" }]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("worker threads find what one thread finds", async () => {
  const dir = await mkdtemp(join(tmpdir(), "drydock-workers-"));
  try {
    // A GitHub token with a valid checksum, made now, is what the shipped rules must find.
    for (let i = 0; i < 300; i++) {
      await mkdir(join(dir, `d${i % 10}`), { recursive: true });
      const body = i === 150 ? `token: ${githubToken("worker")}\n` : "";
      await writeFile(join(dir, `d${i % 10}`, `f${i}.txt`), `file ${i}\n${body}`);
    }
    const e = new SecretEngine();
    const one = await scanTree(dir, e, { workers: 0 });
    const two = await scanTree(dir, e, { workers: 2, workerThreshold: 10 });
    assert.ok(one.findings.some((f) => f.origin.path === "d0/f150.txt"));
    assert.deepEqual(two.findings, one.findings);
    assert.equal(two.stats.files, 300);
    assert.equal(two.stats.bytes, one.stats.bytes);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a single file as the root is scanned as itself", async () => {
  const r = await scanTree(join(root, "src/config.env"), engine(), { workers: 0 });
  assert.deepEqual(
    r.findings.map((f) => f.origin.path),
    ["config.env"],
  );
});

function src(rel: string): string {
  return fileURLToPath(new URL(`../../src/${rel}`, import.meta.url));
}
