// What gzip's CRC-32 costs when inflating a layer: node's gunzip (CRC checked) next to node's raw
// inflater on the same deflate data (what src/core/gzip.ts uses when the scanner checks the
// diff_id instead), alternated, CPU time of the process, median of the rounds.
//   node bench/gunzip-crc.mjs FILE.gz [ROUNDS=7]    (a single-member gzip, e.g. a layer blob)
import { readFileSync } from "node:fs";
import { createGunzip, createInflateRaw } from "node:zlib";

const [file, roundsText] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: node bench/gunzip-crc.mjs FILE.gz [ROUNDS]\n");
  process.exit(2);
}
const gz = readFileSync(file);
if (gz[0] !== 0x1f || gz[1] !== 0x8b || gz[3] !== 0) {
  process.stderr.write(`${file}: not a gzip file with a plain 10-byte header\n`);
  process.exit(2);
}
const raw = gz.subarray(10, gz.length - 8);

/** CPU ms (all threads) to inflate `input` through `stream`, in 1 MiB pieces and chunks. */
function cpuMs(stream, input) {
  return new Promise((resolve, reject) => {
    const before = process.cpuUsage();
    let bytes = 0;
    stream.on("data", (c) => {
      bytes += c.length;
    });
    stream.on("end", () => {
      const used = process.cpuUsage(before);
      resolve({ ms: (used.user + used.system) / 1000, bytes });
    });
    stream.on("error", reject);
    for (let at = 0; at < input.length; at += 1 << 20)
      stream.write(input.subarray(at, at + (1 << 20)));
    stream.end();
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rounds = Number(roundsText ?? 7);
const withCrc = [];
const without = [];
for (let i = 0; i < rounds; i++) {
  const a = await cpuMs(createGunzip({ chunkSize: 1 << 20 }), gz);
  const b = await cpuMs(createInflateRaw({ chunkSize: 1 << 20 }), raw);
  if (a.bytes !== b.bytes) throw new Error(`inflated ${a.bytes} and ${b.bytes} bytes`);
  withCrc.push(a.ms);
  without.push(b.ms);
}
const [c, r] = [median(withCrc), median(without)];
process.stdout.write(
  `inflate CPU, median of ${rounds}: gunzip (CRC) ${c.toFixed(0)} ms, raw inflate ${r.toFixed(0)} ms; the CRC is ${((1 - r / c) * 100).toFixed(0)}% of gunzip\n`,
);
