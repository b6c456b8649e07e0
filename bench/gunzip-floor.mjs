// The floor for bench/scan.sh: a Node process that only gunzips every layer of an OCI layout
// with node:zlib (256 KiB chunks) and discards the bytes. Plain JavaScript, so its start-up is
// node's alone; it is timed as a whole process, the way drydock's scan is.
//   node bench/gunzip-floor.mjs DIR
import { createReadStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";

const dir = process.argv[2];
const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
const blob = (d) => join(dir, "blobs", "sha256", d.slice(7));
const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), "utf8"));
let bytes = 0;
for (const layer of manifest.layers) {
  await pipeline(
    createReadStream(blob(layer.digest), { highWaterMark: 1024 * 1024 }),
    createGunzip({ chunkSize: 256 * 1024 }),
    new Writable({
      write(c, _e, done) {
        bytes += c.length;
        done();
      },
    }),
  );
}
process.stdout.write(`inflated_bytes=${bytes}\n`);
