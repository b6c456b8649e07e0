import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import type { ImageFile, OsInfo, ReadResult } from "../types.ts";
import { RpmHeader, TAG } from "./header.ts";
import { reader } from "./index.ts";

// testdata/rpmdb.sqlite was written by rpm 4.18 itself (see testdata/make-rpmdb.sh): a
// gpg-pubkey, openssl + openssl-libs (Epoch 1), hello (Epoch 2), tzdata and setup (noarch).
const FIXTURE = readFileSync(new URL("./testdata/rpmdb.sqlite", import.meta.url));

const RHEL: OsInfo = {
  id: "rhel",
  versionId: "9.4",
  versionCodename: null,
  prettyName: "Red Hat Enterprise Linux 9.4 (Plow)",
  idLike: ["fedora"],
};
const SQLITE = "/var/lib/rpm/rpmdb.sqlite";
const SYSIMAGE = "/usr/lib/sysimage/rpm/rpmdb.sqlite";

const file = (content: Buffer, path = SQLITE): ImageFile => ({
  path,
  content,
  layer: "sha256:33",
  mode: 0o100644,
});
const read = async (files: ImageFile[], os: OsInfo | null = RHEL): Promise<ReadResult> =>
  reader.read(files, { os, source: "image" });

describe("rpm: meta and wants", () => {
  it("is named after its folder", () => assert.equal(reader.meta.id, "rpm"));
  const cases: [string, boolean][] = [
    ["/var/lib/rpm/rpmdb.sqlite", true],
    ["/usr/lib/sysimage/rpm/rpmdb.sqlite", true],
    ["/var/lib/rpm/Packages", true],
    ["/var/lib/rpm/Packages.db", true],
    ["/usr/lib/sysimage/rpm/Packages.db", true],
    ["/var/lib/rpm/rpmdb.sqlite-wal", false],
    ["/var/lib/rpm/rpmdb.sqlite-shm", false],
    ["/var/lib/rpm/Name", false],
    ["/var/lib/rpm/.rpm.lock", false],
    ["/root/rpmdb.sqlite", false],
  ];
  for (const [path, want] of cases) {
    it(`${path} -> ${want}`, () => assert.equal(reader.wants(path, Buffer.alloc(0)), want));
  }
});

describe("rpm: a database written by rpm", () => {
  it("the fixture is really in rpm's WAL mode (the case an in-memory open must handle)", () => {
    assert.equal(FIXTURE.subarray(0, 16).toString("latin1"), "SQLite format 3\0");
    assert.equal(FIXTURE[18], 2);
    assert.equal(FIXTURE[19], 2);
  });

  it("reads every package with its epoch, release, arch, source rpm and license", async () => {
    const r = await read([file(FIXTURE)]);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.packages.map((p) => ({
        name: p.name,
        version: p.version,
        arch: p.arch,
        source: p.source,
        licenses: p.licenses,
        purl: p.purl,
      })),
      [
        {
          name: "openssl-libs",
          version: "1:3.0.7-27.el9",
          arch: "x86_64",
          source: { name: "openssl", version: "1:3.0.7-27.el9" },
          licenses: ["Apache-2.0 AND MIT"],
          purl: "pkg:rpm/rhel/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.4&epoch=1",
        },
        {
          name: "openssl",
          version: "1:3.0.7-27.el9",
          arch: "x86_64",
          source: { name: "openssl", version: "1:3.0.7-27.el9" },
          licenses: ["Apache-2.0"],
          purl: "pkg:rpm/rhel/openssl@3.0.7-27.el9?arch=x86_64&distro=rhel-9.4&epoch=1",
        },
        {
          name: "hello",
          version: "2:2.12.1-3.fc40",
          arch: "x86_64",
          source: { name: "hello", version: "2:2.12.1-3.fc40" },
          licenses: ["GPL-3.0-or-later"],
          purl: "pkg:rpm/rhel/hello@2.12.1-3.fc40?arch=x86_64&distro=rhel-9.4&epoch=2",
        },
        {
          name: "tzdata",
          version: "2024a-1.el9",
          arch: "noarch",
          source: { name: "tzdata", version: "2024a-1.el9" },
          licenses: ["Public Domain"],
          purl: "pkg:rpm/rhel/tzdata@2024a-1.el9?arch=noarch&distro=rhel-9.4",
        },
        {
          name: "setup",
          version: "2.14.5-2.el9",
          arch: "noarch",
          source: { name: "setup", version: "2.14.5-2.el9" },
          licenses: ["Public Domain"],
          purl: "pkg:rpm/rhel/setup@2.14.5-2.el9?arch=noarch&distro=rhel-9.4",
        },
      ],
    );
    for (const p of r.packages) {
      assert.equal(p.type, "rpm");
      assert.equal(p.path, SQLITE);
      assert.equal(p.layer, "sha256:33");
    }
    assert.deepEqual(r.packages[2]!.metadata, {
      epoch: 2,
      release: "3.fc40",
      sourceRpm: "hello-2.12.1-3.fc40.src.rpm",
    });
  });

  it("owned files are DIRNAMES[DIRINDEXES[i]] + BASENAMES[i] (what rpm -qal prints)", async () => {
    const r = await read([file(FIXTURE)]);
    assert.deepEqual(
      [...((r.ownedFiles as ReadonlySet<string> | undefined) ?? [])],
      [
        "/usr/lib64/libssl.so.3",
        "/usr/bin/openssl",
        "/usr/bin/hello",
        "/usr/share/doc/hello/README",
        "/usr/share/zoneinfo",
        "/usr/share/zoneinfo/Europe/Paris",
        "/usr/share/zoneinfo/UTC",
      ],
    );
  });

  it("does not modify the given buffer", async () => {
    const copy = Buffer.from(FIXTURE);
    await read([file(copy)]);
    assert.ok(copy.equals(FIXTURE));
  });

  it("no OS: no namespace, no distro", async () => {
    const r = await read([file(FIXTURE)], null);
    assert.equal(r.packages[0]!.purl, "pkg:rpm/openssl-libs@3.0.7-27.el9?arch=x86_64&epoch=1");
  });

  it("the same database at both paths (symlinked /var/lib/rpm) is read once", async () => {
    const r = await read([file(FIXTURE), file(FIXTURE, SYSIMAGE)]);
    assert.equal(r.packages.length, 5);
    assert.equal(r.packages[0]!.path, SQLITE);
  });

  it("reads /usr/lib/sysimage/rpm/rpmdb.sqlite", async () => {
    const r = await read([file(FIXTURE, SYSIMAGE)]);
    assert.equal(r.packages.length, 5);
    assert.equal(r.packages[0]!.path, SYSIMAGE);
  });
});

// ---- hand-made headers, in the layout headerExport writes (il, dl, entries, data) ----

type Value =
  | { type: "string"; v: string }
  | { type: "strings"; v: string[] }
  | { type: "int32"; v: number[] };
type Tags = Record<number, Value>;

function encodeHeader(tags: Tags): Buffer {
  const entries: Buffer[] = [];
  const data: Buffer[] = [];
  let size = 0;
  for (const [tag, value] of Object.entries(tags)) {
    let type: number;
    let bytes: Buffer;
    let count: number;
    if (value.type === "int32") {
      const pad = (4 - (size % 4)) % 4;
      if (pad) {
        data.push(Buffer.alloc(pad));
        size += pad;
      }
      type = 4;
      count = value.v.length;
      bytes = Buffer.alloc(4 * count);
      value.v.forEach((n, i) => {
        bytes.writeInt32BE(n, i * 4);
      });
    } else if (value.type === "string") {
      type = 6;
      count = 1;
      bytes = Buffer.from(`${value.v}\0`);
    } else {
      type = 8;
      count = value.v.length;
      bytes = Buffer.from(value.v.map((s) => `${s}\0`).join(""));
    }
    const e = Buffer.alloc(16);
    e.writeUInt32BE(Number(tag), 0);
    e.writeUInt32BE(type, 4);
    e.writeInt32BE(size, 8);
    e.writeUInt32BE(count, 12);
    entries.push(e);
    data.push(bytes);
    size += bytes.length;
  }
  const pre = Buffer.alloc(8);
  pre.writeUInt32BE(entries.length, 0);
  pre.writeUInt32BE(size, 4);
  return Buffer.concat([pre, ...entries, ...data]);
}

const s = (v: string): Value => ({ type: "string", v });
const GOOD: Tags = {
  [TAG.NAME]: s("curl"),
  [TAG.VERSION]: s("7.76.1"),
  [TAG.RELEASE]: s("29.el9_4"),
  [TAG.LICENSE]: s("MIT"),
  [TAG.ARCH]: s("aarch64"),
  [TAG.SOURCERPM]: s("curl-7.76.1-29.el9_4.src.rpm"),
  [TAG.DIRINDEXES]: { type: "int32", v: [0, 1, 0] },
  [TAG.BASENAMES]: { type: "strings", v: ["curl", "libcurl.so.4", "curl-config"] },
  [TAG.DIRNAMES]: { type: "strings", v: ["/usr/bin/", "/usr/lib64/"] },
};

/** A SQLite database with rpm's Packages table holding the given blobs. */
function rpmdb(
  blobs: unknown[],
  schema = "hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB",
): Buffer {
  const db = new Database(":memory:");
  db.exec(`CREATE TABLE IF NOT EXISTS 'Packages' (${schema})`);
  const insert = db.prepare("INSERT INTO Packages (blob) VALUES (?)");
  for (const b of blobs) insert.run(b);
  const out = db.serialize();
  db.close();
  return out;
}

describe("rpm: header blobs", () => {
  const corrupt = (mutate: (b: Buffer) => Buffer): Buffer =>
    mutate(Buffer.from(encodeHeader(GOOD)));
  const cases: { name: string; blob: unknown; purl: string | null; problem: RegExp | null }[] = [
    {
      name: "a good header",
      blob: encodeHeader(GOOD),
      purl: "pkg:rpm/rhel/curl@7.76.1-29.el9_4?arch=aarch64&distro=rhel-9.4",
      problem: null,
    },
    {
      name: "epoch 0 is kept (0: differs from no epoch only in display, not in order)",
      blob: encodeHeader({ ...GOOD, [TAG.EPOCH]: { type: "int32", v: [0] } }),
      purl: "pkg:rpm/rhel/curl@7.76.1-29.el9_4?arch=aarch64&distro=rhel-9.4&epoch=0",
      problem: null,
    },
    {
      name: "no ARCH, no SOURCERPM, no files",
      blob: encodeHeader({
        [TAG.NAME]: s("meta"),
        [TAG.VERSION]: s("1"),
        [TAG.RELEASE]: s("1"),
      }),
      purl: "pkg:rpm/rhel/meta@1-1?distro=rhel-9.4",
      problem: null,
    },
    {
      name: "gpg-pubkey records are skipped",
      blob: encodeHeader({
        [TAG.NAME]: s("gpg-pubkey"),
        [TAG.VERSION]: s("fd431d51"),
        [TAG.RELEASE]: s("4ae0493b"),
      }),
      purl: null,
      problem: null,
    },
    {
      name: "truncated blob",
      blob: encodeHeader(GOOD).subarray(0, 100),
      purl: null,
      problem:
        /^Packages record hnum 1: header is truncated: 9 entries and \d+ data bytes need \d+ bytes, blob has 100$/,
    },
    {
      name: "shorter than the preamble",
      blob: Buffer.from([0, 0, 0]),
      purl: null,
      problem: /header is 3 bytes, shorter than its 8-byte preamble/,
    },
    {
      name: "zero index entries",
      blob: Buffer.alloc(8),
      purl: null,
      problem: /header has 0 index entries/,
    },
    {
      name: "absurd entry count",
      blob: Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]),
      purl: null,
      problem: /header has 4294967295 index entries/,
    },
    {
      name: "absurd data length",
      blob: Buffer.from([0, 0, 0, 1, 0x7f, 0xff, 0xff, 0xff]),
      purl: null,
      problem: /data store of 2147483647 bytes is too large/,
    },
    {
      name: "offset outside the data store",
      blob: corrupt((b) => {
        b.writeInt32BE(100000, 8 + 8);
        return b;
      }),
      purl: null,
      problem: /tag 1000: offset 100000 outside the data store/,
    },
    {
      name: "negative offset",
      blob: corrupt((b) => {
        b.writeInt32BE(-4, 8 + 8);
        return b;
      }),
      purl: null,
      problem: /tag 1000: offset -4 outside the data store/,
    },
    {
      name: "blob one byte short of its declared size",
      blob: (() => {
        const b = encodeHeader({
          [TAG.NAME]: s("x"),
          [TAG.VERSION]: s("1"),
          [TAG.RELEASE]: s("1"),
        });
        return b.subarray(0, b.length - 1).fill(0x41, b.length - 2);
      })(),
      purl: null,
      problem: /header is truncated/,
    },
    {
      name: "last string not NUL-terminated inside the store",
      blob: (() => {
        const b = Buffer.from(
          encodeHeader({ [TAG.NAME]: s("x"), [TAG.VERSION]: s("1"), [TAG.RELEASE]: s("1") }),
        );
        b[b.length - 1] = 0x41;
        return b;
      })(),
      purl: null,
      problem: /tag 1002: string at offset \d+ is not NUL-terminated/,
    },
    {
      name: "NAME of the wrong type",
      blob: encodeHeader({ ...GOOD, [TAG.NAME]: { type: "int32", v: [1] } }),
      purl: null,
      problem: /tag 1000: type 4 is not a string/,
    },
    {
      name: "no NAME",
      blob: encodeHeader({ [TAG.VERSION]: s("1"), [TAG.RELEASE]: s("1") }),
      purl: null,
      problem: /^Packages record hnum 1: no NAME$/,
    },
    {
      name: "no VERSION",
      blob: encodeHeader({ [TAG.NAME]: s("x"), [TAG.RELEASE]: s("1") }),
      purl: null,
      problem: /\(x\): no VERSION$/,
    },
    {
      name: "no RELEASE",
      blob: encodeHeader({ [TAG.NAME]: s("x"), [TAG.VERSION]: s("1") }),
      purl: null,
      problem: /\(x\): no RELEASE$/,
    },
    {
      name: "INT32 EPOCH count overrunning the store",
      blob: (() => {
        const b = encodeHeader({ ...GOOD, [TAG.EPOCH]: { type: "int32", v: [1] } });
        const il = b.readUInt32BE(0);
        for (let i = 0; i < il; i++) {
          if (b.readUInt32BE(8 + i * 16) === TAG.EPOCH) b.writeUInt32BE(100000, 8 + i * 16 + 12);
        }
        return b;
      })(),
      purl: null,
      problem: /\(curl\): tag 1003: 100000 INT32 values at offset \d+ overrun the data store$/,
    },
    {
      name: "STRING_ARRAY count overrunning the store",
      blob: (() => {
        const b = encodeHeader(GOOD);
        const il = b.readUInt32BE(0);
        for (let i = 0; i < il; i++) {
          if (b.readUInt32BE(8 + i * 16) === TAG.BASENAMES) b.writeUInt32BE(50, 8 + i * 16 + 12);
        }
        return b;
      })(),
      purl: "pkg:rpm/rhel/curl@7.76.1-29.el9_4?arch=aarch64&distro=rhel-9.4",
      problem: /file list not read: tag 1117: string at offset \d+ is not NUL-terminated/,
    },
    {
      name: "DIRINDEXES out of range keeps the package, reports the file list",
      blob: encodeHeader({ ...GOOD, [TAG.DIRINDEXES]: { type: "int32", v: [0, 7, 0] } }),
      purl: "pkg:rpm/rhel/curl@7.76.1-29.el9_4?arch=aarch64&distro=rhel-9.4",
      problem: /\(curl\): file list not read: DIRINDEXES\[1\] = 7 is out of range/,
    },
    {
      name: "BASENAMES and DIRINDEXES of different lengths",
      blob: encodeHeader({ ...GOOD, [TAG.DIRINDEXES]: { type: "int32", v: [0] } }),
      purl: "pkg:rpm/rhel/curl@7.76.1-29.el9_4?arch=aarch64&distro=rhel-9.4",
      problem: /file list not read: 3 BASENAMES but 1 DIRINDEXES/,
    },
    {
      name: "BASENAMES without DIRNAMES",
      blob: encodeHeader({ ...GOOD, [TAG.DIRNAMES]: { type: "int32", v: [] } }),
      purl: "pkg:rpm/rhel/curl@7.76.1-29.el9_4?arch=aarch64&distro=rhel-9.4",
      problem: /file list not read: tag 1118: type 4 is not a string array/,
    },
    {
      name: "unparsable SOURCERPM keeps the package without a source",
      blob: encodeHeader({ ...GOOD, [TAG.SOURCERPM]: s("curl.src.rpm") }),
      purl: "pkg:rpm/rhel/curl@7.76.1-29.el9_4?arch=aarch64&distro=rhel-9.4",
      problem: /SOURCERPM "curl.src.rpm" is not name-version-release.src.rpm/,
    },
    {
      name: "a TEXT value instead of a BLOB",
      blob: "not a blob",
      purl: null,
      problem: /^Packages record hnum 1: blob is not a BLOB$/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await read([file(rpmdb([c.blob]))]);
      assert.deepEqual(
        r.packages.map((p) => p.purl),
        c.purl ? [c.purl] : [],
      );
      assert.equal(r.problems.length, c.problem ? 1 : 0, JSON.stringify(r.problems));
      if (c.problem) {
        assert.equal(r.problems[0]!.path, SQLITE);
        assert.match(r.problems[0]!.reason, c.problem);
      }
    });
  }

  it("a good header's fields and files", async () => {
    const r = await read([
      file(rpmdb([encodeHeader({ ...GOOD, [TAG.EPOCH]: { type: "int32", v: [3] } })])),
    ]);
    const p = r.packages[0]!;
    assert.equal(p.version, "3:7.76.1-29.el9_4");
    assert.deepEqual(p.source, { name: "curl", version: "3:7.76.1-29.el9_4" });
    assert.deepEqual(p.licenses, ["MIT"]);
    assert.deepEqual(
      [...((r.ownedFiles as ReadonlySet<string> | undefined) ?? [])],
      ["/usr/bin/curl", "/usr/lib64/libcurl.so.4", "/usr/bin/curl-config"],
    );
  });

  it("bad records among good ones: the good ones are read", async () => {
    const r = await read([
      file(
        rpmdb([
          encodeHeader(GOOD),
          Buffer.from([1, 2, 3]),
          encodeHeader({ ...GOOD, [TAG.NAME]: s("curl-minimal") }),
        ]),
      ),
    ]);
    assert.deepEqual(
      r.packages.map((p) => p.name),
      ["curl", "curl-minimal"],
    );
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!.reason, /^Packages record hnum 2: /);
  });

  it("a truncated real blob from the fixture", async () => {
    const src = new Database(FIXTURE.map((b, i) => (i === 18 || i === 19 ? 1 : b)) as Buffer, {
      readonly: true,
    });
    const blob = (src.prepare("SELECT blob FROM Packages WHERE hnum = 4").get() as { blob: Buffer })
      .blob;
    src.close();
    const ok = RpmHeader.parse(blob);
    assert.ok(ok instanceof RpmHeader);
    const r = await read([file(rpmdb([blob.subarray(0, blob.length - 1), blob]))]);
    assert.deepEqual(
      r.packages.map((p) => p.name),
      ["hello"],
    );
    assert.match(r.problems[0]!.reason, /^Packages record hnum 1: header is truncated/);
  });
});

describe("rpm: database files", () => {
  const cases: { name: string; files: ImageFile[]; packages: number; problems: RegExp[] }[] = [
    {
      name: "not SQLite",
      files: [file(Buffer.from("hello world, this is not a database at all".repeat(5)))],
      packages: 0,
      problems: [/^not an SQLite database$/],
    },
    {
      name: "empty file",
      files: [file(Buffer.alloc(0))],
      packages: 0,
      problems: [/^not an SQLite database$/],
    },
    {
      name: "SQLite without a Packages table",
      files: [
        file(
          (() => {
            const db = new Database(":memory:");
            db.exec("CREATE TABLE Other (x)");
            const content = db.serialize();
            db.close();
            return content;
          })(),
        ),
      ],
      packages: 0,
      problems: [/^database not fully read: no such table: Packages$/],
    },
    {
      name: "truncated SQLite file",
      files: [file(FIXTURE.subarray(0, 4096))],
      packages: 0,
      problems: [/^database not fully read: /],
    },
    {
      name: "BerkeleyDB Packages is reported, not read",
      files: [file(Buffer.alloc(4096), "/var/lib/rpm/Packages")],
      packages: 0,
      problems: [/^BerkeleyDB rpm database is not read/],
    },
    {
      name: "NDB Packages.db is reported, not read",
      files: [file(Buffer.alloc(4096), "/usr/lib/sysimage/rpm/Packages.db")],
      packages: 0,
      problems: [/^NDB rpm database is not read/],
    },
    {
      name: "a leftover BerkeleyDB next to rpmdb.sqlite is ignored",
      files: [file(Buffer.alloc(4096), "/var/lib/rpm/Packages"), file(FIXTURE)],
      packages: 5,
      problems: [],
    },
    { name: "no files", files: [], packages: 0, problems: [] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await read(c.files);
      assert.equal(r.packages.length, c.packages);
      assert.equal(r.problems.length, c.problems.length, JSON.stringify(r.problems));
      c.problems.forEach((re, i) => {
        assert.match(r.problems[i]!.reason, re);
      });
    });
  }
});
