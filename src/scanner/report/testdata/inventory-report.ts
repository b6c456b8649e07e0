import { purl } from "../../../core/purl.ts";
import type { Package } from "../../catalog/types.ts";
import type { InventoryReport } from "../inventory.ts";

/** Test fixture: what a scan of a Debian-based Node image with a Python and a Go tool could find. */
export const LAYERS = {
  base: "sha256:8d853c8add5d1e7b0aafc4b68a3d9fb8e7a0da27970c2acf831fe63be4a0cd2c",
  python: "sha256:1f8f2e4d3b0a9c8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170a",
  app: "sha256:c4a7e9b2d1f0e3a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f809",
};

const DISTRO = "debian-12";

/** Deliberately not in output order: every format must sort. */
export function packages(): Package[] {
  return [
    {
      type: "npm",
      name: "ms",
      version: "2.1.3",
      purl: purl({ type: "npm", name: "ms", version: "2.1.3" }),
      path: "/usr/src/app/node_modules/ms/package.json",
      layer: LAYERS.app,
      licenses: ["MIT"],
    },
    {
      type: "deb",
      name: "libc6",
      version: "2.36-9+deb12u7",
      purl: purl({
        type: "deb",
        namespace: "debian",
        name: "libc6",
        version: "2.36-9+deb12u7",
        qualifiers: { arch: "amd64", distro: DISTRO },
      }),
      path: "/var/lib/dpkg/status",
      layer: LAYERS.base,
      arch: "amd64",
      source: { name: "glibc", version: "2.36-9+deb12u7" },
      licenses: ["GPL-2+", "LGPL-2.1+"],
    },
    {
      type: "deb",
      name: "libssl3",
      version: "3.0.13-1~deb12u1",
      purl: purl({
        type: "deb",
        namespace: "debian",
        name: "libssl3",
        version: "3.0.13-1~deb12u1",
        qualifiers: { arch: "amd64", distro: DISTRO },
      }),
      path: "/var/lib/dpkg/status",
      layer: LAYERS.base,
      arch: "amd64",
      source: { name: "openssl", version: "3.0.13-1~deb12u1" },
      licenses: ["Apache-2.0"],
    },
    {
      type: "deb",
      name: "bash",
      version: "5.2.15-2+b7",
      purl: purl({
        type: "deb",
        namespace: "debian",
        name: "bash",
        version: "5.2.15-2+b7",
        qualifiers: { arch: "amd64", distro: DISTRO },
      }),
      path: "/var/lib/dpkg/status",
      layer: LAYERS.base,
      arch: "amd64",
      source: { name: "bash", version: "5.2.15-2" },
      licenses: ["GPL-3.0-or-later"],
    },
    {
      type: "npm",
      name: "@babel/code-frame",
      version: "7.24.7",
      purl: purl({ type: "npm", namespace: "@babel", name: "code-frame", version: "7.24.7" }),
      path: "/usr/src/app/node_modules/@babel/code-frame/package.json",
      layer: LAYERS.app,
      licenses: ["MIT"],
      metadata: { private: false, author: { name: "The Babel Team", email: "team@babeljs.io" } },
    },
    {
      type: "npm",
      name: "ms",
      version: "2.1.3",
      purl: purl({ type: "npm", name: "ms", version: "2.1.3" }),
      path: "/usr/src/app/node_modules/debug/node_modules/ms/package.json",
      layer: LAYERS.app,
      licenses: ["MIT"],
    },
    {
      type: "npm",
      name: "spdx-correct",
      version: "3.2.0",
      purl: purl({ type: "npm", name: "spdx-correct", version: "3.2.0" }),
      path: "/usr/src/app/node_modules/spdx-correct/package.json",
      layer: LAYERS.app,
      licenses: ["(MIT OR apache-2.0)"],
    },
    {
      type: "pypi",
      name: "requests",
      version: "2.32.3",
      purl: purl({ type: "pypi", name: "requests", version: "2.32.3" }),
      path: "/usr/local/lib/python3.12/site-packages/requests-2.32.3.dist-info/METADATA",
      layer: LAYERS.python,
      licenses: ["Apache-2.0"],
    },
    {
      type: "golang",
      name: "github.com/spf13/cobra",
      version: "v1.8.1",
      purl: purl({ type: "golang", name: "github.com/spf13/cobra", version: "v1.8.1" }),
      path: "/usr/local/bin/app",
      layer: LAYERS.app,
      metadata: { goVersion: "go1.22.5", mainModule: "example.com/app" },
    },
    {
      type: "maven",
      name: "commons-lang3",
      version: "3.14.0",
      purl: purl({
        type: "maven",
        namespace: "org.apache.commons",
        name: "commons-lang3",
        version: "3.14.0",
      }),
      path: "/usr/src/app/lib/app.jar",
      layer: LAYERS.app,
      licenses: ["Apache License, Version 2.0"],
    },
  ];
}

export function report(): InventoryReport {
  return {
    schemaVersion: 1,
    tool: { name: "drydock", version: "0.1.0" },
    createdAt: "2024-07-01T12:34:56.789Z",
    target: {
      kind: "image",
      ref: "registry.example.com/team/app:1.4.2",
      digest: "sha256:3f0a7e1c2b9d8e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f",
      platform: "linux/amd64",
      os: {
        id: "debian",
        versionId: "12",
        versionCodename: "bookworm",
        prettyName: "Debian GNU/Linux 12 (bookworm)",
        idLike: [],
      },
      layers: [
        {
          diffId: LAYERS.base,
          digest: "sha256:aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11",
          size: 29_153_433,
        },
        {
          diffId: LAYERS.python,
          digest: "sha256:bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22",
          size: 14_002_118,
        },
        { diffId: LAYERS.app, digest: null, size: null },
      ],
    },
    packages: packages(),
    problems: [
      {
        path: "/usr/local/lib/python3.12/site-packages/broken-1.0.dist-info/METADATA",
        reason: "no Name: field",
        layer: LAYERS.python,
      },
    ],
    partial: true,
  };
}
