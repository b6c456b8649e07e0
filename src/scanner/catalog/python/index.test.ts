import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { ImageFile, Package, ReadResult } from "../types.ts";
import { reader } from "./index.ts";

const ctx = { os: null, source: "image" } as const;
const file = (path: string, content: string | Buffer): ImageFile => ({
  path,
  content: typeof content === "string" ? Buffer.from(content) : content,
  layer: "sha256:bb",
  mode: 0o100644,
});
const read = (files: ImageFile[]) => reader.read(files, ctx) as ReadResult;
const SITE = "/usr/lib/python3.12/site-packages";

test("wants metadata files only", () => {
  const cases: [string, boolean][] = [
    [`${SITE}/requests-2.31.0.dist-info/METADATA`, true],
    [`${SITE}/Django-4.2.dist-info/METADATA`, true],
    [`${SITE}/foo.egg-info/PKG-INFO`, true],
    [`${SITE}/foo-1.0-py3.11.egg-info`, true],
    [`${SITE}/foo-1.0-py2.7.egg/EGG-INFO/PKG-INFO`, true],
    [`${SITE}/pip/_vendor/x-1.0.dist-info/METADATA`, true],
    [`${SITE}/requests-2.31.0.dist-info/RECORD`, false],
    [`${SITE}/requests-2.31.0.dist-info/METADATA.bak`, false],
    [`${SITE}/foo.egg-info/SOURCES.txt`, false],
    [`${SITE}/.egg-info`, false],
    [`${SITE}/requests/METADATA`, false],
    [`${SITE}/PKG-INFO`, false],
  ];
  for (const [path, want] of cases) assert.equal(reader.wants(path, Buffer.alloc(0)), want, path);
});

const METADATA_21 = `Metadata-Version: 2.1
Name: Django_REST.framework
Version: 3.14.0
Summary: Web APIs for Django, made easy.
License: BSD
Classifier: License :: OSI Approved :: BSD License
Requires-Dist: django>=3.0

Body: this is the description, not a header
Name: not-this
`;

test("reads core metadata", () => {
  const cases: { name: string; path: string; text: string; want: Partial<Package> }[] = [
    {
      name: "dist-info with License",
      path: `${SITE}/django_rest_framework-3.14.0.dist-info/METADATA`,
      text: METADATA_21,
      want: {
        name: "Django_REST.framework",
        version: "3.14.0",
        purl: "pkg:pypi/django-rest-framework@3.14.0",
        licenses: ["BSD"],
      },
    },
    {
      name: "License-Expression wins",
      path: `${SITE}/x-1.dist-info/METADATA`,
      text: "Metadata-Version: 2.4\nName: x\nVersion: 1.0\nLicense-Expression: MIT OR Apache-2.0\nLicense: Old\n",
      want: { purl: "pkg:pypi/x@1.0", licenses: ["MIT OR Apache-2.0"] },
    },
    {
      name: "classifiers when License is UNKNOWN",
      path: `${SITE}/y.egg-info/PKG-INFO`,
      text: "Metadata-Version: 1.1\r\nName: y\r\nVersion: 2.0.post1\r\nLicense: UNKNOWN\r\nClassifier: License :: OSI Approved :: MIT License\r\nClassifier: License :: OSI Approved :: MIT License\r\nClassifier: License :: OSI Approved\r\nClassifier: Programming Language :: Python\r\n",
      want: { purl: "pkg:pypi/y@2.0.post1", licenses: ["MIT License"] },
    },
    {
      name: "a long License text is ignored for classifiers",
      path: `${SITE}/z-1.0.egg-info`,
      text: `Metadata-Version: 1.0\nName: z\nVersion: 1.0\nLicense: Copyright (c) 2000\n        Permission is hereby granted, free of charge, to any person\n        obtaining a copy\nClassifier: License :: Public Domain\n`,
      want: { purl: "pkg:pypi/z@1.0", licenses: ["Public Domain"] },
    },
    {
      name: "no license at all",
      path: `${SITE}/a-1.dist-info/METADATA`,
      text: "\ufeffMetadata-Version: 2.1\nName: a\nVersion: 1!2.0rc1+local.7\n",
      want: { purl: "pkg:pypi/a@1!2.0rc1%2Blocal.7", licenses: undefined },
    },
    {
      name: "header names are case-insensitive",
      path: `${SITE}/b-1.dist-info/METADATA`,
      text: "metadata-version: 2.1\nNAME: b\nversion: 1.0\n",
      want: { name: "b", purl: "pkg:pypi/b@1.0" },
    },
  ];
  for (const c of cases) {
    const r = read([file(c.path, c.text)]);
    assert.deepEqual(r.problems, [], c.name);
    assert.equal(r.packages.length, 1, c.name);
    const p = r.packages[0]!;
    assert.equal(p.type, "pypi");
    assert.equal(p.path, c.path);
    assert.equal(p.layer, "sha256:bb");
    for (const [k, v] of Object.entries(c.want))
      assert.deepEqual(p[k as keyof Package], v, `${c.name}: ${k}`);
  }
});

test("malformed metadata is a problem and good records are kept", () => {
  const bad: [string, string | Buffer, RegExp][] = [
    ["empty", "", /no Name/],
    ["no version", "Name: x\n", /no Version/],
    ["version only in body", "Name: x\n\nVersion: 1.0\n", /no Version/],
    ["binary", Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1]), /binary/],
    ["json", '{"name":"x","version":"1"}', /no Name/],
    ["spaces in version", "Name: x\nVersion: 1.0 beta\n", /invalid Version/],
  ];
  for (const [name, content, reason] of bad) {
    const path = `${SITE}/${name.replace(/ /g, "_")}.dist-info/METADATA`;
    const r = read([
      file(path, content),
      file(`${SITE}/ok.dist-info/METADATA`, "Name: ok\nVersion: 1\n"),
    ]);
    assert.equal(r.problems.length, 1, name);
    assert.equal(r.problems[0]!.path, path, name);
    assert.match(r.problems[0]!.reason, reason, name);
    assert.deepEqual(
      r.packages.map((p) => p.purl),
      ["pkg:pypi/ok@1"],
      name,
    );
  }
});

test("hostile content: a huge header block and a huge description", () => {
  const huge = `Name: h\nVersion: 1\nDescription: ${"x".repeat(5_000_000)}\n${"  more\n".repeat(200_000)}`;
  const r = read([file(`${SITE}/h.dist-info/METADATA`, huge)]);
  assert.equal(r.packages[0]?.purl, "pkg:pypi/h@1");
  const manyHeaders = `${"X-Junk: y\n".repeat(500_000)}Name: late\nVersion: 1\n`;
  const r2 = read([file(`${SITE}/late.dist-info/METADATA`, manyHeaders)]);
  assert.equal(r2.packages.length + r2.problems.length, 1, "one record or one problem");
});

/** The site-packages of this machine's Python, checked against importlib.metadata. */
function sitePackages(): string[] {
  try {
    const out = execFileSync(
      "python3",
      ["-c", "import json, site; print(json.dumps(site.getsitepackages()))"],
      { encoding: "utf8" },
    );
    const dirs = [...(JSON.parse(out) as string[]), "/usr/lib/python3/dist-packages"];
    return [...new Set(dirs)].filter((d) => existsSync(d));
  } catch {
    return [];
  }
}

const sites = sitePackages();

test("this machine's site-packages match importlib.metadata", {
  skip: sites.length === 0 && "no site-packages",
}, () => {
  for (const site of sites) {
    // Only the top level: importlib.metadata does not look into vendored folders.
    const files: ImageFile[] = [];
    for (const name of readdirSync(site)) {
      const path = join(site, name);
      const st = lstatSync(path);
      const candidates = st.isDirectory()
        ? [join(path, "METADATA"), join(path, "PKG-INFO")]
        : st.isFile()
          ? [path]
          : [];
      for (const c of candidates)
        if (reader.wants(c, Buffer.alloc(0)) && existsSync(c) && lstatSync(c).isFile())
          files.push(file(c, readFileSync(c)));
    }
    if (files.length === 0) continue;
    const r = read(files);
    assert.deepEqual(r.problems, [], site);
    const got = r.packages.map((p) => `${p.path} ${p.name} ${p.version}`).sort();
    const script = `
import json, os, sys, importlib.metadata as md
out = []
for d in md.distributions(path=[sys.argv[1]]):
    p = str(d._path)
    if os.path.isdir(p):
        p = os.path.join(p, "METADATA" if p.endswith(".dist-info") else "PKG-INFO")
    out.append(f"{p} {d.metadata['Name']} {d.metadata['Version']}")
print(json.dumps(out))
`;
    const want = (
      JSON.parse(execFileSync("python3", ["-c", script, site], { encoding: "utf8" })) as string[]
    ).sort();
    assert.ok(want.length > 0, `${site}: importlib found nothing`);
    assert.deepEqual(got, want, site);
  }
});
