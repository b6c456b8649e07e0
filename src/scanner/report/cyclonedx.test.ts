import assert from "node:assert/strict";
import { test } from "node:test";
import * as CDX from "@cyclonedx/cyclonedx-library";
import { bomRefs, toCycloneDx } from "./cyclonedx.ts";
import type { InventoryReport } from "./inventory.ts";
import { sortedPackages } from "./json.ts";
import { LAYERS, report } from "./testdata/inventory-report.ts";

interface Component {
  type: string;
  name: string;
  version?: string;
  purl?: string;
  "bom-ref": string;
  licenses?: ({ license: { id?: string; name?: string } } | { expression: string })[];
  properties?: { name: string; value: string }[];
}

function bom(r: InventoryReport = report()) {
  return JSON.parse(toCycloneDx(r));
}

function prop(c: Component, name: string): string[] {
  return (c.properties ?? []).filter((p) => p.name === name).map((p) => p.value);
}

test("valid CycloneDX 1.6 (the library's strict JSON schema validator, schemas bundled)", async () => {
  const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6);
  const out = toCycloneDx(report());
  assert.equal(await validator.validate(out), null);
  // The validator does reject: a serial number that is not a urn:uuid.
  const broken = out.replace(/"urn:uuid:[^"]+"/, '"not-a-uuid"');
  assert.notEqual(await validator.validate(broken), null);
});

test("a directory scan and an empty inventory are valid too", async () => {
  const r: InventoryReport = {
    ...report(),
    target: { kind: "dir", ref: "dir:/src", digest: null, platform: null, os: null, layers: [] },
    packages: [],
    problems: [],
    partial: false,
  };
  const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6);
  const out = toCycloneDx(r);
  assert.equal(await validator.validate(out), null);
  const doc = JSON.parse(out);
  assert.equal(doc.metadata.component.type, "file");
  assert.equal(doc.metadata.component["bom-ref"], "dir:/src");
  assert.deepEqual(doc.components, []);
});

test("metadata: timestamp is createdAt, tool is drydock, component is the image", () => {
  const doc = bom();
  assert.equal(doc.bomFormat, "CycloneDX");
  assert.equal(doc.specVersion, "1.6");
  assert.equal(doc.version, 1);
  assert.equal(doc.metadata.timestamp, "2024-07-01T12:34:56.789Z");
  assert.deepEqual(doc.metadata.tools.components, [
    { type: "application", name: "drydock", version: "0.1.0" },
  ]);
  const image: Component & { hashes: unknown } = doc.metadata.component;
  const digest = report().target.digest!;
  assert.equal(image.type, "container");
  assert.equal(image.name, "registry.example.com/team/app:1.4.2");
  assert.equal(image.version, digest);
  assert.deepEqual(image.hashes, [{ alg: "SHA-256", content: digest.slice("sha256:".length) }]);
  assert.deepEqual(prop(image, "drydock:layer"), [LAYERS.base, LAYERS.python, LAYERS.app]);
  assert.deepEqual(prop(image, "drydock:os:id"), ["debian"]);
  assert.deepEqual(prop(image, "drydock:image:platform"), ["linux/amd64"]);
  assert.deepEqual(doc.metadata.properties, [
    { name: "drydock:partial", value: "true" },
    {
      name: "drydock:problem",
      value: `/usr/local/lib/python3.12/site-packages/broken-1.0.dist-info/METADATA (layer ${LAYERS.python}): no Name: field`,
    },
  ]);
});

test("serialNumber: a urn:uuid derived from the content", () => {
  const a = bom().serialNumber;
  assert.match(a, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(bom().serialNumber, a);
  const other = report();
  other.packages[0]!.version = "2.1.4";
  assert.notEqual(bom(other).serialNumber, a);
  const otherImage = report();
  otherImage.target.digest = `sha256:${"0".repeat(64)}`;
  assert.notEqual(bom(otherImage).serialNumber, a);
});

test("one library component per package, in comparePackages order, with purl and properties", () => {
  const doc = bom();
  const components: Component[] = doc.components;
  const expected = sortedPackages(report().packages);
  assert.equal(components.length, expected.length);
  assert.deepEqual(
    components.map((c) => [c.type, c.name, c.version, c.purl]),
    expected.map((p) => ["library", p.name, p.version, p.purl]),
  );
  const libc = components.find((c) => c.name === "libc6")!;
  assert.deepEqual(prop(libc, "drydock:package:type"), ["deb"]);
  assert.deepEqual(prop(libc, "drydock:path"), ["/var/lib/dpkg/status"]);
  assert.deepEqual(prop(libc, "drydock:layer"), [LAYERS.base]);
  assert.deepEqual(prop(libc, "drydock:source"), ["glibc"]);
  assert.deepEqual(prop(libc, "drydock:source:version"), ["2.36-9+deb12u7"]);
  assert.deepEqual(prop(libc, "drydock:package:arch"), ["amd64"]);
  const babel = components.find((c) => c.name === "@babel/code-frame")!;
  assert.equal(babel.purl, "pkg:npm/%40babel/code-frame@7.24.7");
  assert.deepEqual(prop(babel, "drydock:package:type"), ["npm"]);
});

test("bom-refs: unique; the purl, or purl|path when a purl is found at two paths", () => {
  const doc = bom();
  const refs = [
    doc.metadata.component["bom-ref"],
    ...doc.components.map((c: Component) => c["bom-ref"]),
  ];
  assert.equal(new Set(refs).size, refs.length);
  const ms: Component[] = doc.components.filter((c: Component) => c.name === "ms");
  assert.deepEqual(
    ms.map((c) => c["bom-ref"]),
    [
      "pkg:npm/ms@2.1.3|/usr/src/app/node_modules/debug/node_modules/ms/package.json",
      "pkg:npm/ms@2.1.3|/usr/src/app/node_modules/ms/package.json",
    ],
  );
  assert.deepEqual(
    ms.map((c) => c.purl),
    ["pkg:npm/ms@2.1.3", "pkg:npm/ms@2.1.3"],
  );
  const requests = doc.components.find((c: Component) => c.name === "requests");
  assert.equal(requests["bom-ref"], requests.purl);
});

test("bom-refs: a record repeated exactly still gets a unique, stable ref", () => {
  const p = report().packages[0]!;
  assert.deepEqual(
    bomRefs([p, { ...p }, { ...p }]).map((x) => x.ref),
    [`${p.purl}|${p.path}`, `${p.purl}|${p.path}|2`, `${p.purl}|${p.path}|3`],
  );
});

test("dependencies: the image depends on every package", () => {
  const doc = bom();
  const image = doc.dependencies.find(
    (d: { ref: string }) => d.ref === doc.metadata.component["bom-ref"],
  );
  assert.deepEqual(
    image.dependsOn,
    doc.components.map((c: Component) => c["bom-ref"]),
  );
});

test("licenses: SPDX ids as id, expressions as expression, anything else as name", () => {
  const byName = new Map<string, Component>(bom().components.map((c: Component) => [c.name, c]));
  assert.deepEqual(byName.get("libssl3")!.licenses, [{ license: { id: "Apache-2.0" } }]);
  assert.deepEqual(byName.get("spdx-correct")!.licenses, [{ expression: "MIT OR Apache-2.0" }]);
  // Debian's GPL-2+ is not an SPDX id; LGPL-2.1+ is (a deprecated one).
  assert.deepEqual(byName.get("libc6")!.licenses, [
    { license: { name: "GPL-2+" } },
    { license: { id: "LGPL-2.1+" } },
  ]);
  assert.deepEqual(byName.get("commons-lang3")!.licenses, [
    { license: { name: "Apache License, Version 2.0" } },
  ]);
  assert.equal(byName.get("github.com/spf13/cobra")!.licenses, undefined);
});
