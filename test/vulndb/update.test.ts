import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { unzipSync, zipSync } from "fflate";
import { importEntries, localEntries, zipEntries } from "../../src/scanner/vulndb/import.ts";
import { updateFromMirrors } from "../../src/scanner/vulndb/update.ts";
import { SqliteVulnStore } from "../../src/storage/vulndb-sqlite/store.ts";
import { osvSnapshotDir } from "../helpers/osv.ts";
import { type StaticServer, serveFolder } from "../helpers/static-server.ts";

/**
 * `drydock db update` against the real OSV snapshot in ../shared/osv, served over HTTP on
 * 127.0.0.1 and read through file:// — the two kinds of mirror an air-gapped site runs.
 */
const OSV = osvSnapshotDir();
const ECOSYSTEMS = ["Go", "PyPI", "crates.io", "npm"];

function entriesIn(eco: string): number {
  return Object.keys(unzipSync(readFileSync(join(OSV, eco, "all.zip")))).filter((n) =>
    n.endsWith(".json"),
  ).length;
}

let work: string;
let mirror: StaticServer;
let mirrorDir: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "drydock-vulndb-"));
  mirrorDir = join(work, "mirror");
  for (const eco of ECOSYSTEMS) {
    mkdirSync(join(mirrorDir, eco), { recursive: true });
    cpSync(join(OSV, eco, "all.zip"), join(mirrorDir, eco, "all.zip"));
  }
  mirror = await serveFolder(mirrorDir);
});

after(async () => {
  await mirror.close();
  rmSync(work, { recursive: true, force: true });
});

function newStore(name: string): SqliteVulnStore {
  return new SqliteVulnStore(join(work, `${name}.db`));
}

test("a full update imports every record of the real snapshot, over HTTP", async () => {
  const store = newStore("http");
  const now = new Date("2026-11-27T08:00:00Z");
  const results = await updateFromMirrors(store, {
    ecosystems: ECOSYSTEMS,
    mirrors: [mirror.url],
    now,
  });
  for (const r of results) {
    assert.equal(r.status, "imported", `${r.ecosystem}: ${JSON.stringify(r)}`);
    if (r.status !== "imported") continue;
    assert.deepEqual(r.problems, [], r.ecosystem);
    assert.equal(r.added, entriesIn(r.ecosystem), r.ecosystem);
  }
  const byEco = Object.fromEntries(results.map((r) => [r.ecosystem, r]));
  // The snapshot's README: 17 Go, 13 crates.io and 10 PyPI records are withdrawn.
  assert.equal((byEco.Go as { withdrawn: number }).withdrawn, 17);
  assert.equal((byEco["crates.io"] as { withdrawn: number }).withdrawn, 13);
  assert.equal((byEco.PyPI as { withdrawn: number }).withdrawn, 10);
  const sources = store.sources();
  assert.deepEqual(
    sources.map((s) => [s.source, s.records, s.updatedAt]),
    ["Go", "PyPI", "crates.io", "npm"].sort().map((e) => [e, entriesIn(e), now.toISOString()]),
  );
  assert.ok(sources.every((s) => s.etag && s.sha256?.length === 64));
  // Lookups work by ecosystem and normalised name; withdrawn records are never returned.
  const lodash = store.lookup("npm", "lodash").map((j) => JSON.parse(j).id);
  assert.equal(lodash.length, 6);
  assert.ok(store.lookup("PyPI", "pyyaml").length > 0, "PyPI names are normalised (PyYAML)");
  store.close();
});

test("a second update sends the ETag back and skips unchanged archives", async () => {
  const store = newStore("http");
  mirror.log.length = 0;
  const results = await updateFromMirrors(store, {
    ecosystems: ECOSYSTEMS,
    mirrors: [mirror.url],
    now: new Date("2026-11-27T09:00:00Z"),
  });
  assert.deepEqual(
    results.map((r) => r.status),
    ["unchanged", "unchanged", "unchanged", "unchanged"],
  );
  assert.ok(
    mirror.log.every((l) => l.endsWith(" 304")),
    mirror.log.join("\n"),
  );
  store.close();
});

test("an archive that changed is imported incrementally: added, updated and removed records only", async () => {
  const store = newStore("http");
  const zip = unzipSync(readFileSync(join(mirrorDir, "npm", "all.zip")));
  const names = Object.keys(zip).sort();
  const changed = JSON.parse(Buffer.from(zip[names[0]!]!).toString("utf8"));
  changed.modified = "2026-11-26T00:00:00Z";
  changed.summary = "changed summary";
  zip[names[0]!] = Buffer.from(JSON.stringify(changed));
  delete zip[names[1]!];
  zip["GHSA-new0-0000-0000.json"] = Buffer.from(
    JSON.stringify({
      id: "GHSA-new0-0000-0000",
      modified: "2026-11-26T00:00:00Z",
      summary: "a new advisory",
      affected: [
        {
          package: { ecosystem: "npm", name: "left-pad" },
          ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.3.0" }] }],
        },
      ],
    }),
  );
  writeFileSync(join(mirrorDir, "npm", "all.zip"), zipSync(zip));
  const [r] = await updateFromMirrors(store, {
    ecosystems: ["npm"],
    mirrors: [mirror.url],
    now: new Date("2026-11-27T10:00:00Z"),
  });
  assert.ok(r && r.status === "imported");
  assert.deepEqual(
    { added: r.added, updated: r.updated, removed: r.removed, unchanged: r.unchanged },
    { added: 1, updated: 1, removed: 1, unchanged: names.length - 2 },
  );
  assert.equal(store.sources().find((s) => s.source === "npm")?.records, names.length);
  const leftPad = store.lookup("npm", "left-pad").map((j) => JSON.parse(j).title);
  assert.deepEqual(leftPad, ["a new advisory"]);
  store.close();
});

test("a truncated or corrupt archive is refused whole; the previous data stays", async () => {
  const store = newStore("http");
  const before = store.sources().find((s) => s.source === "npm")!;
  const good = readFileSync(join(mirrorDir, "npm", "all.zip"));
  // Truncated: no end of central directory.
  writeFileSync(join(mirrorDir, "npm", "all.zip"), good.subarray(0, good.length - 100));
  let [r] = await updateFromMirrors(store, {
    ecosystems: ["npm"],
    mirrors: [mirror.url],
    now: new Date("2026-11-27T11:00:00Z"),
  });
  assert.ok(r && r.status === "failed");
  assert.match(
    r.errors[0]!,
    /npm\/all\.zip: not a readable zip archive: no end of central directory/,
  );
  // One flipped byte inside a stored record: the CRC-32 check catches it mid-import.
  const zip = unzipSync(good);
  const stored = zipSync(zip, { level: 0 });
  const at = Buffer.from(stored).indexOf(Buffer.from('"modified"'));
  const bad = Buffer.from(stored);
  bad[at + 2] = bad[at + 2]! ^ 0x20;
  writeFileSync(join(mirrorDir, "npm", "all.zip"), bad);
  [r] = await updateFromMirrors(store, {
    ecosystems: ["npm"],
    mirrors: [mirror.url],
    now: new Date("2026-11-27T11:00:00Z"),
    force: true,
  });
  assert.ok(r && r.status === "failed");
  assert.match(r.errors[0]!, /CRC-32 mismatch/);
  const afterState = store.sources().find((s) => s.source === "npm")!;
  assert.deepEqual(afterState, before);
  assert.equal(store.lookup("npm", "left-pad").length, 1);
  writeFileSync(join(mirrorDir, "npm", "all.zip"), good);
  store.close();
});

test("mirrors are tried in order: a mirror without the archive falls through to the next; file:// works", async () => {
  const store = newStore("file");
  const empty = join(work, "empty-mirror");
  mkdirSync(empty, { recursive: true });
  const results = await updateFromMirrors(store, {
    ecosystems: ["crates.io", "Debian"],
    mirrors: [pathToFileURL(empty).href, pathToFileURL(mirrorDir).href],
    now: new Date("2026-11-27T12:00:00Z"),
  });
  const [crates, debian] = results;
  assert.ok(crates?.status === "imported");
  assert.equal(crates.added, entriesIn("crates.io"));
  assert.match(crates.origin, /^file:.*\/mirror\/crates\.io\/all\.zip$/);
  // Debian is on no mirror: it fails, with every mirror's reason, and nothing else is harmed.
  assert.ok(debian?.status === "failed");
  assert.equal(debian.errors.length, 2);
  assert.ok(debian.errors.every((e) => /not on this mirror/.test(e)));
  // The same archive again through file://: same SHA-256, nothing imported.
  const again = await updateFromMirrors(store, {
    ecosystems: ["crates.io"],
    mirrors: [pathToFileURL(mirrorDir).href],
    now: new Date("2026-11-27T13:00:00Z"),
  });
  assert.equal(again[0]?.status, "unchanged");
  store.close();
});

test("an unreachable mirror is an error for that mirror only", async () => {
  const store = newStore("unreachable");
  const closed = await serveFolder(mirrorDir);
  const url = closed.url;
  await closed.close();
  const [r] = await updateFromMirrors(store, {
    ecosystems: ["npm"],
    mirrors: [`http://user:secret@${url.slice(7)}`, mirror.url],
    now: new Date("2026-11-27T14:00:00Z"),
  });
  assert.ok(r?.status === "imported");
  const [failed] = await updateFromMirrors(store, {
    ecosystems: ["npm"],
    mirrors: [`http://user:secret@${url.slice(7)}`],
    now: new Date("2026-11-27T14:00:00Z"),
    force: true,
  });
  assert.ok(failed?.status === "failed");
  assert.ok(!failed.errors.join("").includes("secret"), "mirror credentials are not shown");
  store.close();
});

test("offline import: bad records are skipped and named, the rest imported; re-import replaces", async () => {
  const store = newStore("offline");
  const dir = join(work, "records");
  mkdirSync(join(dir, "sub"), { recursive: true });
  const ok = {
    id: "DEBIAN-CVE-2099-0001",
    modified: "2026-01-01T00:00:00Z",
    affected: [
      {
        package: { ecosystem: "Debian:12", name: "bash" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "5.2.15-3" }] }],
      },
    ],
  };
  writeFileSync(join(dir, "ok.json"), JSON.stringify(ok));
  writeFileSync(join(dir, "sub", "broken.json"), '{"id": "X", ');
  writeFileSync(join(dir, "sub", "not-osv.json"), JSON.stringify({ id: "Y", modified: 5 }));
  writeFileSync(
    join(dir, "sub", "bad-event.json"),
    JSON.stringify({ ...ok, id: "Z", affected: [{ ranges: [{ type: "ECOSYSTEM", events: [] }] }] }),
  );
  const r = importEntries(store, `import:${dir}`, await localEntries(dir), {
    complete: true,
    state: {
      updatedAt: "2026-11-27T00:00:00Z",
      origin: dir,
      etag: null,
      lastModified: null,
      sha256: null,
    },
  });
  assert.equal(r.added, 1);
  assert.deepEqual(
    r.problems.map((p) => [p.entry.slice(dir.length + 1), p.reason.replace(/:.*$/s, "")]),
    [
      ["sub/bad-event.json", "not an OSV record"],
      ["sub/broken.json", "not JSON"],
      ["sub/not-osv.json", "not an OSV record"],
    ],
  );
  assert.match(r.problems[2]!.reason, /modified/);
  assert.equal(store.lookup("Debian", "bash").length, 1);
  // Importing the folder again after the record went away removes it.
  rmSync(join(dir, "ok.json"));
  const again = importEntries(store, `import:${dir}`, await localEntries(dir), {
    complete: true,
    state: {
      updatedAt: "2026-11-27T01:00:00Z",
      origin: dir,
      etag: null,
      lastModified: null,
      sha256: null,
    },
  });
  assert.equal(again.removed, 1);
  assert.equal(store.lookup("Debian", "bash").length, 0);
  store.close();
});

test("a zip bomb entry is skipped with its reason, not inflated", () => {
  const store = newStore("bomb");
  // 64 MiB of spaces compresses to ~64 KiB; the record limit is 16 MiB.
  const huge = Buffer.alloc(64 * 1024 * 1024, 0x20);
  const zip = zipSync({
    "BOMB-1.json": huge,
    "OK-1.json": Buffer.from(JSON.stringify({ id: "OK-1", modified: "2026-01-01T00:00:00Z" })),
  });
  const r = importEntries(store, "bomb", zipEntries(Buffer.from(zip), "bomb.zip"), {
    complete: true,
    state: {
      updatedAt: "2026-11-27T00:00:00Z",
      origin: "bomb.zip",
      etag: null,
      lastModified: null,
      sha256: null,
    },
  });
  assert.equal(r.added, 1);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!.entry, /BOMB-1\.json$/);
  assert.match(r.problems[0]!.reason, /over the 16777216-byte limit/);
  store.close();
});
