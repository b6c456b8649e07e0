import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { deflateSync } from "node:zlib";
import type { ReadResult } from "../types.ts";
import { reader } from "./index.ts";

const ctx = { os: null, source: "image" as const };
const TRUE = "/bin/true";

function run(content: Buffer): ReadResult {
  return reader.read(
    [{ path: "/usr/bin/app", content, layer: "sha256:l1", mode: 0o100755 }],
    ctx,
  ) as ReadResult;
}

const AUDIT = {
  packages: [
    { name: "app", version: "0.1.0", source: "local", dependencies: [1, 2, 4], root: true },
    { name: "serde", version: "1.0.197", source: "crates.io", dependencies: [3] },
    { name: "cc", version: "1.0.90", source: "crates.io", kind: "build" },
    { name: "serde_derive", version: "1.0.197", source: "crates.io", kind: "runtime" },
    { name: "mygit", version: "0.3.0", source: "git" },
  ],
};

/** A real ELF (a copy of /bin/true) with a `.dep-v0` section added by objcopy, as cargo-auditable does. */
let dir = "";
function withSection(payload: Buffer, name = ".dep-v0"): Buffer {
  const i = Math.random().toString(36).slice(2);
  const data = join(dir, `payload-${i}`);
  const input = join(dir, `in-${i}`);
  const output = join(dir, `out-${i}`);
  writeFileSync(data, payload);
  copyFileSync(TRUE, input);
  execFileSync("objcopy", [
    "--add-section",
    `${name}=${data}`,
    "--set-section-flags",
    `${name}=noload,readonly`,
    input,
    output,
  ]);
  return readFileSync(output);
}

describe("rust-binary", () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "drydock-rust-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("wants ELF by magic", () => {
    assert.equal(reader.wants("/x", Buffer.from("\x7fELF\x02", "latin1")), true);
    assert.equal(reader.wants("/x", Buffer.from("#!/bin/sh")), false);
    assert.equal(reader.meta.id, "rust-binary");
  });

  it("reads the cargo-auditable crate graph", () => {
    const r = run(withSection(deflateSync(JSON.stringify(AUDIT))));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.packages, [
      {
        type: "cargo",
        name: "app",
        version: "0.1.0",
        purl: "pkg:cargo/app@0.1.0",
        path: "/usr/bin/app",
        layer: "sha256:l1",
        metadata: { source: "local", root: true, dependencies: ["serde@1.0.197", "mygit@0.3.0"] },
      },
      {
        type: "cargo",
        name: "serde",
        version: "1.0.197",
        purl: "pkg:cargo/serde@1.0.197",
        path: "/usr/bin/app",
        layer: "sha256:l1",
        metadata: { source: "crates.io", dependencies: ["serde_derive@1.0.197"] },
      },
      {
        type: "cargo",
        name: "serde_derive",
        version: "1.0.197",
        purl: "pkg:cargo/serde_derive@1.0.197",
        path: "/usr/bin/app",
        layer: "sha256:l1",
        metadata: { source: "crates.io" },
      },
      {
        type: "cargo",
        name: "mygit",
        version: "0.3.0",
        purl: "pkg:cargo/mygit@0.3.0",
        path: "/usr/bin/app",
        layer: "sha256:l1",
        metadata: { source: "git" },
      },
    ]);
  });

  const cases: { name: string; payload: () => Buffer; purls: string[]; problem?: RegExp }[] = [
    {
      name: "corrupt zlib",
      payload: () => Buffer.from("not zlib at all"),
      purls: [],
      problem: /not valid zlib/,
    },
    {
      name: "truncated zlib",
      payload: () => deflateSync(JSON.stringify(AUDIT)).subarray(0, 20),
      purls: [],
      problem: /not valid zlib/,
    },
    {
      name: "bad JSON",
      payload: () => deflateSync("{packages: ["),
      purls: [],
      problem: /not valid JSON/,
    },
    {
      name: "no packages array",
      payload: () => deflateSync('{"pkgs": []}'),
      purls: [],
      problem: /no "packages"/,
    },
    { name: "JSON null", payload: () => deflateSync("null"), purls: [], problem: /no "packages"/ },
    {
      name: "malformed entries skipped, others kept",
      payload: () =>
        deflateSync(
          JSON.stringify({
            packages: [
              { name: "ok", version: "1.0.0", source: "crates.io", dependencies: [1, 99] },
              { name: "", version: "1", source: "crates.io" },
              { name: "x", version: 2, source: "crates.io" },
              { name: "y", version: "1", source: "crates.io", kind: "dev" },
              { name: "z", version: "1", source: "crates.io", dependencies: [-1] },
            ],
          }),
        ),
      purls: ["pkg:cargo/ok@1.0.0"],
      problem: /package #1 is malformed/,
    },
    {
      name: "zlib bomb over 16 MiB",
      payload: () => deflateSync(Buffer.alloc(32 << 20, 0x20)),
      purls: [],
      problem: /inflates beyond 16777216 bytes/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = run(withSection(c.payload()));
      assert.deepEqual(
        r.packages.map((p) => p.purl),
        c.purls,
      );
      if (c.problem) {
        assert.ok(r.problems.length >= 1);
        assert.match(r.problems[0]!.reason, c.problem);
      } else assert.deepEqual(r.problems, []);
    });
  }

  it("ELF without .dep-v0 (/bin/true): nothing", () => {
    assert.deepEqual(run(readFileSync(TRUE)), { packages: [], problems: [] });
  });

  it("section named differently is ignored", () => {
    const r = run(withSection(deflateSync(JSON.stringify(AUDIT)), ".dep-v1"));
    assert.deepEqual(r, { packages: [], problems: [] });
  });

  it("malformed ELF is left to go-binary to report", () => {
    assert.deepEqual(run(Buffer.from("\x7fELF\x09garbage", "latin1")), {
      packages: [],
      problems: [],
    });
  });

  it(".dep-v0 data beyond the end of a truncated file", () => {
    const full = withSection(deflateSync(JSON.stringify(AUDIT)));
    // Keep the section headers (at the end) but cut out the middle, where the section data is.
    const out = Buffer.from(full);
    const r1 = run(out);
    assert.equal(r1.packages.length, 4);
    const shoff = Number(out.readBigUInt64LE(40));
    const shnum = out.readUInt16LE(60);
    // Point every section's offset past the end of the file.
    for (let i = 1; i < shnum; i++) {
      const o = shoff + i * 64;
      if (out.readUInt32LE(o + 4) !== 3) out.writeBigUInt64LE(BigInt(out.length), o + 24);
    }
    const r = run(out);
    assert.deepEqual(r.packages, []);
    assert.match(r.problems[0]?.reason ?? "", /outside the file/);
  });
});
