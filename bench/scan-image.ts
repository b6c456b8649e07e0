/**
 * Benchmark helper for bench/scan.sh.
 *
 *   npx tsx bench/scan-image.ts make DIR [RANDOM_MB=140]
 *     writes an OCI layout DIR (tag "bench") of 4+ gzip layers: this machine's real dpkg
 *     database with os-release and /usr/share/doc (thousands of files), the project's
 *     node_modules, and incompressible random data, and prints the compressed size.
 *   npx tsx bench/scan-image.ts floor DIR
 *     the floor: node:zlib alone gunzipping every layer of DIR (256 KiB chunks), bytes discarded.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { buildLayer, type EntrySpec, writeLayout } from "../test/fixtures/image-builder.ts";

function walk(root: string, prefix: string, limit: number): EntrySpec[] {
  const out: EntrySpec[] = [];
  const stack = [root];
  while (stack.length > 0 && out.length < limit) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.isFile())
        out.push({ path: `${prefix}/${relative(root, full)}`, content: readFileSync(full) });
    }
  }
  return out;
}

async function make(dir: string, randomMb: number): Promise<void> {
  const dpkg: EntrySpec[] = [
    { path: "/var/lib/dpkg/status", content: readFileSync("/var/lib/dpkg/status") },
    ...readdirSync("/var/lib/dpkg/info")
      .filter((f) => f.endsWith(".list"))
      .map((f) => ({
        path: `/var/lib/dpkg/info/${f}`,
        content: readFileSync(`/var/lib/dpkg/info/${f}`),
      })),
    { path: "/usr/lib/os-release", content: readFileSync("/usr/lib/os-release") },
    ...walk("/usr/share/doc", "/usr/share/doc", 20_000),
  ];
  const layers = [
    await buildLayer(dpkg),
    await buildLayer(walk("node_modules", "/app/node_modules", 200_000)),
  ];
  const chunk = 35_000_000;
  for (let left = randomMb * 1_000_000; left > 0; left -= chunk) {
    layers.push(
      await buildLayer([
        { path: `/opt/data/blob-${left}`, content: randomBytes(Math.min(chunk, left)) },
      ]),
    );
  }
  await writeLayout(dir, "bench", layers);
  const total = layers.reduce((n, l) => n + l.blob.length, 0);
  process.stdout.write(
    `layers=${layers.length}\ncompressed_bytes=${total}\ndpkg_layer_files=${dpkg.length}\n`,
  );
}

async function floor(dir: string): Promise<void> {
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
  const blob = (d: string) => join(dir, "blobs", "sha256", d.slice(7));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), "utf8"));
  const started = process.hrtime.bigint();
  let bytes = 0;
  for (const layer of manifest.layers as { digest: string }[]) {
    await pipeline(
      createReadStream(blob(layer.digest), { highWaterMark: 1024 * 1024 }),
      createGunzip({ chunkSize: 256 * 1024 }),
      new Writable({
        write(c: Buffer, _e, done) {
          bytes += c.length;
          done();
        },
      }),
    );
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`floor_seconds=${seconds.toFixed(3)}\ninflated_bytes=${bytes}\n`);
}

const [cmd, dir, arg] = process.argv.slice(2);
if (cmd === "make" && dir) await make(dir, Number(arg ?? 140));
else if (cmd === "floor" && dir) await floor(dir);
else {
  process.stderr.write("usage: tsx bench/scan-image.ts make DIR [RANDOM_MB] | floor DIR\n");
  process.exit(2);
}
