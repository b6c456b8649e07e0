import assert from "node:assert/strict";
import { test } from "node:test";
import { purl } from "./purl.ts";

// Cases from the purl spec's test-suite-data and the examples.
const cases: [Parameters<typeof purl>[0], string][] = [
  [
    {
      type: "deb",
      namespace: "debian",
      name: "bash",
      version: "5.2.15-2+b2",
      qualifiers: { arch: "amd64", distro: "debian-12" },
    },
    "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12",
  ],
  [
    { type: "npm", namespace: "@scope", name: "name", version: "1.0.0" },
    "pkg:npm/%40scope/name@1.0.0",
  ],
  [{ type: "npm", name: "lodash", version: "4.17.21" }, "pkg:npm/lodash@4.17.21"],
  [
    { type: "pypi", name: "Django_Rest.Framework", version: "1.0" },
    "pkg:pypi/django-rest-framework@1.0",
  ],
  [
    { type: "golang", name: "github.com/foo/bar/v2", version: "v2.0.0" },
    "pkg:golang/github.com/foo/bar/v2@v2.0.0",
  ],
  [
    { type: "maven", namespace: "org.apache.commons", name: "commons-lang3", version: "3.12.0" },
    "pkg:maven/org.apache.commons/commons-lang3@3.12.0",
  ],
  [
    {
      type: "deb",
      namespace: "debian",
      name: "libc6",
      version: "1:2.36-9",
      qualifiers: { arch: "amd64" },
    },
    "pkg:deb/debian/libc6@1:2.36-9?arch=amd64",
  ],
  [
    {
      type: "rpm",
      namespace: "fedora",
      name: "curl",
      version: "7.50.3-1.fc25",
      qualifiers: { arch: "i386", distro: "fedora-25", epoch: "" },
    },
    "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25",
  ],
  [
    { type: "gem", name: "ruby-advisory-db-check", version: "0.12.4" },
    "pkg:gem/ruby-advisory-db-check@0.12.4",
  ],
  [
    {
      type: "apk",
      namespace: "alpine",
      name: "Curl",
      version: "8.5.0-r0",
      qualifiers: { arch: "x86_64" },
    },
    "pkg:apk/alpine/curl@8.5.0-r0?arch=x86_64",
  ],
  [
    { type: "generic", name: "a b", version: "1 0", subpath: "../x/./y" },
    "pkg:generic/a%20b@1%200#x/y",
  ],
];
for (const [parts, expected] of cases) {
  test(`purl ${expected}`, () => assert.equal(purl(parts), expected));
}
