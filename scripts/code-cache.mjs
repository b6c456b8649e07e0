// The V8 code caches of the bundle (dist/cli/NAME.js.cache, read by bin/bundle.js): written by
// running the bundle on what users run most (help, and a scan of a small image, cold and then
// cached) with bin/bundle.js's writeCodeCache, so each cache holds the functions those
// commands compile, not only the chunk's top level. A run that fails fails the build: the
// bundle would be broken.
//   import { writeCodeCaches } from "./code-cache.mjs"; writeCodeCaches(outdir)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const RUN = fileURLToPath(new URL("./code-cache-run.cjs", import.meta.url));

/** @param {string} outdir the bundle's folder */
export function writeCodeCaches(outdir) {
  const tmp = mkdtempSync(join(tmpdir(), "drydock-code-cache-"));
  try {
    const image = `oci:${writeImage(join(tmp, "image"))}:train`;
    const scan = ["scan", "image", image, "--cache-dir", join(tmp, "cache")];
    for (const args of [
      ["--help"],
      [...scan, "--format", "json"], // cold: reads the layer
      [...scan, "--format", "json"], // cached
      [...scan, "--format", "table"],
    ]) {
      const r = spawnSync(process.execPath, [RUN, ...args], {
        env: { ...process.env, DRYDOCK_CODE_CACHE_DIST: outdir, NO_COLOR: "1" },
        encoding: "utf8",
        timeout: 60_000,
      });
      if (r.status !== 0)
        throw new Error(`code cache: drydock ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const sha256 = (b) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

/** A one-layer OCI layout: a Debian-like root with os-release and one dpkg package. */
function writeImage(dir) {
  const tar = Buffer.concat([
    tarFile("etc/os-release", 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12"\n'),
    tarFile(
      "var/lib/dpkg/status",
      "Package: base-files\nStatus: install ok installed\nArchitecture: amd64\nVersion: 12.4\n\n",
    ),
    tarFile("usr/lib/node_modules/left-pad/package.json", '{"name":"left-pad","version":"1.3.0"}'),
    Buffer.alloc(1024),
  ]);
  const layer = gzipSync(tar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: {},
      rootfs: { type: "layers", diff_ids: [sha256(tar)] },
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {
        mediaType: "application/vnd.oci.image.config.v1+json",
        digest: sha256(config),
        size: config.length,
      },
      layers: [
        {
          mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
          digest: sha256(layer),
          size: layer.length,
        },
      ],
    }),
  );
  mkdirSync(join(dir, "blobs", "sha256"), { recursive: true });
  for (const blob of [layer, config, manifest])
    writeFileSync(join(dir, "blobs", "sha256", sha256(blob).slice(7)), blob);
  writeFileSync(join(dir, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(
    join(dir, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [
        {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: sha256(manifest),
          size: manifest.length,
          annotations: { "org.opencontainers.image.ref.name": "train" },
        },
      ],
    }),
  );
  return dir;
}

/** A regular file's ustar entry: the header, the content, padding to 512 bytes. */
function tarFile(name, text) {
  const content = Buffer.from(text);
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write("0000644\0", 100); // mode
  h.write("0000000\0", 108); // uid
  h.write("0000000\0", 116); // gid
  h.write(`${content.length.toString(8).padStart(11, "0")}\0`, 124);
  h.write("00000000000\0", 136); // mtime
  h.write("        ", 148); // the checksum counts its own field as spaces
  h.write("0", 156); // regular file
  h.write("ustar\0", 257);
  h.write("00", 263);
  const sum = h.reduce((a, b) => a + b, 0);
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return Buffer.concat([h, content, Buffer.alloc((512 - (content.length % 512)) % 512)]);
}
