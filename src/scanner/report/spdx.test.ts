import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import type { InventoryReport } from "./inventory.ts";
import { sortedPackages } from "./json.ts";
import { packageIds, spdxLicenseExpression, toSpdx } from "./spdx.ts";
import { LAYERS, report } from "./testdata/inventory-report.ts";

/**
 * SPDX 2.3 JSON, written from the spec (spdx.github.io/spdx-spec/v2.3: chapter 6 document
 * creation, 7 packages, 11 relationships, Annex D license expressions) and the JSON schema's
 * required fields and patterns. Strict objects: a field that is not in the spec fails.
 */
const SPDX_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;
const SPDX_ID = /^SPDXRef-[A-Za-z0-9.-]+$/;
const NO_SPACE = /^\S+$/;

const ExternalRef = z.strictObject({
  referenceCategory: z.enum(["SECURITY", "PACKAGE-MANAGER", "PERSISTENT-ID", "OTHER"]),
  referenceType: z.string().min(1),
  referenceLocator: z.string().regex(NO_SPACE),
  comment: z.string().optional(),
});

const SpdxPackage = z.strictObject({
  SPDXID: z.string().regex(SPDX_ID),
  name: z.string().min(1),
  versionInfo: z.string().optional(),
  downloadLocation: z.string().min(1),
  filesAnalyzed: z.boolean().optional(),
  checksums: z
    .array(
      z.strictObject({
        algorithm: z.enum(["SHA1", "SHA256", "SHA384", "SHA512"]),
        checksumValue: z.string().regex(/^[0-9a-f]+$/),
      }),
    )
    .optional(),
  licenseConcluded: z.string().min(1).optional(),
  licenseDeclared: z.string().min(1).optional(),
  licenseComments: z.string().optional(),
  copyrightText: z.string().optional(),
  externalRefs: z.array(ExternalRef).optional(),
  sourceInfo: z.string().optional(),
  comment: z.string().optional(),
  primaryPackagePurpose: z
    .enum([
      "APPLICATION",
      "FRAMEWORK",
      "LIBRARY",
      "CONTAINER",
      "OPERATING-SYSTEM",
      "DEVICE",
      "FIRMWARE",
      "SOURCE",
      "ARCHIVE",
      "FILE",
      "INSTALL",
      "OTHER",
    ])
    .optional(),
});

const Relationship = z.strictObject({
  spdxElementId: z.string().regex(SPDX_ID),
  relationshipType: z.enum(["DESCRIBES", "CONTAINS", "DEPENDS_ON", "DEPENDENCY_OF", "OTHER"]),
  relatedSpdxElement: z.string().regex(SPDX_ID),
  comment: z.string().optional(),
});

const SpdxDocument = z
  .strictObject({
    spdxVersion: z.literal("SPDX-2.3"),
    dataLicense: z.literal("CC0-1.0"),
    SPDXID: z.literal("SPDXRef-DOCUMENT"),
    name: z.string().min(1),
    documentNamespace: z.url().refine((u) => !u.includes("#"), "no # in the namespace"),
    creationInfo: z.strictObject({
      created: z.string().regex(SPDX_DATE),
      creators: z.array(z.string().regex(/^(Tool|Organization|Person): \S/)).min(1),
      licenseListVersion: z.string().optional(),
      comment: z.string().optional(),
    }),
    packages: z.array(SpdxPackage),
    relationships: z.array(Relationship),
  })
  .superRefine((doc, ctx) => {
    const ids = [doc.SPDXID, ...doc.packages.map((p) => p.SPDXID)];
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: "custom", message: "SPDXIDs are not unique" });
    const known = new Set(ids);
    for (const r of doc.relationships)
      for (const id of [r.spdxElementId, r.relatedSpdxElement])
        if (!known.has(id))
          ctx.addIssue({ code: "custom", message: `relationship names unknown ${id}` });
    if (
      !doc.relationships.some(
        (r) => r.spdxElementId === "SPDXRef-DOCUMENT" && r.relationshipType === "DESCRIBES",
      )
    )
      ctx.addIssue({ code: "custom", message: "the document DESCRIBES nothing" });
  });

type SpdxDocument = z.infer<typeof SpdxDocument>;

function doc(r: InventoryReport = report()): SpdxDocument {
  return SpdxDocument.parse(JSON.parse(toSpdx(r)));
}

test("valid against the SPDX 2.3 schema written from the spec", () => {
  doc();
});

test("the schema rejects what the spec forbids", () => {
  const good = JSON.parse(toSpdx(report()));
  const bad = [
    { ...good, creationInfo: { ...good.creationInfo, created: "2024-07-01T12:34:56.789Z" } },
    { ...good, packages: [...good.packages, good.packages[1]] },
    { ...good, packages: [{ ...good.packages[0], SPDXID: "SPDXRef-a_b" }] },
    {
      ...good,
      relationships: [
        ...good.relationships,
        { ...good.relationships[1], relatedSpdxElement: "SPDXRef-gone" },
      ],
    },
    { ...good, documentNamespace: "not a uri" },
  ];
  for (const b of bad) assert.equal(SpdxDocument.safeParse(b).success, false);
});

test("document creation information", () => {
  const d = doc();
  assert.equal(d.name, "registry.example.com/team/app:1.4.2");
  assert.equal(d.creationInfo.created, "2024-07-01T12:34:56Z");
  assert.deepEqual(d.creationInfo.creators, ["Tool: drydock-0.1.0"]);
  assert.match(d.documentNamespace, /^https:\/\/drydock\.invalid\/spdx\/[0-9a-f]{64}$/);
  assert.equal(doc().documentNamespace, d.documentNamespace);
  const other = report();
  other.packages.pop();
  assert.notEqual(doc(other).documentNamespace, d.documentNamespace);
});

test("the image package: CONTAINER, digest as version and checksum, described by the document", () => {
  const d = doc();
  const image = d.packages[0]!;
  assert.equal(image.SPDXID, "SPDXRef-Image");
  assert.equal(image.primaryPackagePurpose, "CONTAINER");
  assert.equal(image.name, "registry.example.com/team/app:1.4.2");
  assert.equal(image.versionInfo, report().target.digest);
  assert.deepEqual(image.checksums, [
    { algorithm: "SHA256", checksumValue: report().target.digest!.slice(7) },
  ]);
  assert.deepEqual(d.relationships[0], {
    spdxElementId: "SPDXRef-DOCUMENT",
    relationshipType: "DESCRIBES",
    relatedSpdxElement: "SPDXRef-Image",
  });
});

test("one package per found package, in comparePackages order, each CONTAINED by the image", () => {
  const d = doc();
  const found = d.packages.slice(1);
  const expected = sortedPackages(report().packages);
  assert.deepEqual(
    found.map((p) => [p.name, p.versionInfo, p.externalRefs]),
    expected.map((p) => [
      p.name,
      p.version,
      [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: p.purl }],
    ]),
  );
  for (const p of found) {
    assert.equal(p.downloadLocation, "NOASSERTION");
    assert.equal(p.filesAnalyzed, false);
    assert.equal(p.licenseConcluded, "NOASSERTION");
    assert.match(
      p.SPDXID,
      /^SPDXRef-Package-(deb|npm|pypi|golang|maven)-[A-Za-z0-9.-]+-[0-9a-f]{16}$/,
    );
  }
  assert.deepEqual(
    d.relationships.slice(1),
    found.map((p) => ({
      spdxElementId: "SPDXRef-Image",
      relationshipType: "CONTAINS",
      relatedSpdxElement: p.SPDXID,
    })),
  );
  const libc = found.find((p) => p.name === "libc6")!;
  assert.equal(
    libc.sourceInfo,
    `read from /var/lib/dpkg/status, in layer ${LAYERS.base}, source package glibc 2.36-9+deb12u7`,
  );
});

test("the same purl at two paths gets two ids; ids are stable across scans", () => {
  const d = doc();
  const ms = d.packages.filter((p) => p.name === "ms");
  assert.equal(ms.length, 2);
  assert.notEqual(ms[0]!.SPDXID, ms[1]!.SPDXID);
  const fewer = report();
  fewer.packages = fewer.packages.filter((p) => p.type !== "deb");
  const again = doc(fewer).packages.filter((p) => p.name === "ms");
  assert.deepEqual(
    again.map((p) => p.SPDXID),
    ms.map((p) => p.SPDXID),
  );
  const p = report().packages[0]!;
  const ids = packageIds([p, { ...p }]).map((x) => x.id);
  assert.equal(ids[1], `${ids[0]}-2`);
});

test("licenseDeclared: an SPDX expression, or NOASSERTION with the declared text in licenseComments", () => {
  const byName = new Map(doc().packages.map((p) => [p.name, p]));
  assert.equal(byName.get("bash")!.licenseDeclared, "GPL-3.0-or-later");
  assert.equal(byName.get("spdx-correct")!.licenseDeclared, "MIT OR Apache-2.0");
  assert.equal(byName.get("libc6")!.licenseDeclared, "NOASSERTION");
  assert.equal(
    byName.get("libc6")!.licenseComments,
    "Declared license(s), not an SPDX expression: GPL-2+; LGPL-2.1+",
  );
  assert.equal(byName.get("github.com/spf13/cobra")!.licenseDeclared, "NOASSERTION");
  assert.equal(byName.get("github.com/spf13/cobra")!.licenseComments, undefined);
});

test("spdxLicenseExpression (Annex D)", () => {
  const cases: [string[], string | null][] = [
    [[], null],
    [["MIT"], "MIT"],
    [["mit"], "MIT"],
    [["MIT", "MIT"], "MIT"],
    [["MIT", "BSD-3-Clause"], "MIT AND BSD-3-Clause"],
    [["(MIT OR Apache-2.0)"], "MIT OR Apache-2.0"],
    [["MIT OR Apache-2.0", "ISC"], "(MIT OR Apache-2.0) AND ISC"],
    [["GPL-2.0-only WITH Classpath-exception-2.0"], "GPL-2.0-only WITH Classpath-exception-2.0"],
    [["Apache-2.0+"], "Apache-2.0+"],
    [["(MIT AND (BSD-2-Clause OR ISC))"], "MIT AND (BSD-2-Clause OR ISC)"],
    [["(MIT) OR (ISC)"], "(MIT) OR (ISC)"],
    [["GPL-2+"], null],
    [["MIT", "Apache License 2.0"], null],
    [["MIT or ISC"], null],
    [["MIT OR"], null],
    [["(MIT"], null],
    [["MIT)"], null],
    [["MIT WITH"], null],
    [["MIT WITH NotAnException-1.0"], null],
    [["LicenseRef-foo"], null],
    [["  "], null],
  ];
  for (const [input, expected] of cases)
    assert.equal(spdxLicenseExpression(input), expected, JSON.stringify(input));
});

test("a directory scan without digest or OS is valid too", () => {
  const r: InventoryReport = {
    ...report(),
    target: { kind: "dir", ref: "dir:/src", digest: null, platform: null, os: null, layers: [] },
    packages: [],
    problems: [],
    partial: false,
  };
  const d = doc(r);
  assert.equal(d.packages.length, 1);
  assert.equal(d.packages[0]!.primaryPackagePurpose, "FILE");
  assert.equal(d.packages[0]!.versionInfo, undefined);
  assert.equal(d.relationships.length, 1);
});
