import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import {
  buildLayer,
  type EntrySpec,
  writeDockerArchive,
  writeLayout,
} from "../fixtures/image-builder.ts";
import { dpkgEntries, treeEntries } from "../fixtures/machine-files.ts";
import { repoRoot, runDrydock } from "../helpers/process.ts";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";

/**
 * `drydock scan image` end to end, on an image built from this machine's real package data:
 * layer 1 the dpkg database (status + info/*.list) and os-release, layer 2 the project's own
 * node_modules manifests under /app, layer 3 Python's site-packages metadata. Each count is
 * checked against an independent oracle: dpkg-query, `npm query`, and `pip list`.
 */
let dir: string;
let ociRef: string;
let archiveRef: string;
let registry: TestRegistry;
let authfile: string;
/** Each oracle's `name@version` list, sorted. */
const oracle = { deb: [] as string[], npm: [] as string[], pypi: [] as string[] };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-scan-"));
  const dpkg: EntrySpec[] = [
    ...dpkgEntries(),
    { path: "/usr/lib/os-release", content: readFileSync("/usr/lib/os-release") },
    { path: "/etc/os-release", type: "symlink", target: "../usr/lib/os-release" },
    // Python packages Debian installed (listed in info/*.list): OS-owned, not reported twice.
    ...treeEntries("/usr/lib/python3/dist-packages", "/usr/lib/python3/dist-packages", (rel) =>
      /\.(dist|egg)-info(\/(METADATA|PKG-INFO))?$/.test(rel),
    ),
  ];
  oracle.deb = execFileSync(
    "dpkg-query",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query format fields, not a template
    ["-W", "-f", "${db:Status-Abbrev} ${Package}@${Version}\n"],
    { encoding: "utf8" },
  )
    .split("\n")
    .filter((l) => l.startsWith("ii"))
    .map((l) => l.split(" ").at(-1)!)
    .sort();

  const node = treeEntries(join(repoRoot, "node_modules"), "/app/node_modules", (rel) =>
    rel.endsWith("package.json"),
  );
  const query = JSON.parse(
    execFileSync("npm", ["query", "*"], { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 << 20 }),
  ) as {
    name: string;
    version: string;
    location: string;
  }[];
  oracle.npm = query
    .filter((p) => p.location.startsWith("node_modules/"))
    .map((p) => `${p.name}@${p.version}`)
    .sort();

  const site = execFileSync("python3", ["-c", "import site; print(site.getsitepackages()[0])"], {
    encoding: "utf8",
  }).trim();
  const python = treeEntries(site, "/usr/local/lib/python3.11/site-packages", (rel) =>
    /\.(dist|egg)-info\/(METADATA|PKG-INFO)$/.test(rel),
  );
  oracle.pypi = (
    JSON.parse(
      execFileSync("python3", ["-m", "pip", "list", "--format", "json", "--path", site], {
        encoding: "utf8",
      }),
    ) as {
      name: string;
      version: string;
    }[]
  )
    .map((p) => `${p.name.toLowerCase().replace(/[-_.]+/g, "-")}@${p.version}`)
    .sort();

  const layers = [await buildLayer(dpkg), await buildLayer(node, "zstd"), await buildLayer(python)];
  ociRef = (await writeLayout(join(dir, "layout"), "v1", layers)).ref;
  archiveRef = (await writeDockerArchive(join(dir, "image.tar"), layers)).ref;
  registry = await startRegistry({ gc: { intervalMinutes: 0 } });
  // Asynchronously: the registry serves from this very process.
  await promisify(execFile)("skopeo", [
    "copy",
    "-q",
    "--dest-tls-verify=false",
    `--dest-creds=${registry.admin.username}:${registry.admin.password}`,
    ociRef,
    `docker://${new URL(registry.url).host}/team/app:v1`,
  ]);
  // The scanner pulls as a robot that may only pull, with credentials from a Docker config file.
  const admin = `Basic ${Buffer.from(`${registry.admin.username}:${registry.admin.password}`).toString("base64")}`;
  const res = await fetch(`${registry.url}/api/v1/namespaces/team/robots`, {
    method: "POST",
    headers: { authorization: admin, "content-type": "application/json" },
    body: JSON.stringify({
      name: "scanner",
      permissions: [{ repositories: "**", actions: ["pull"] }],
    }),
  });
  const { credential } = (await res.json()) as { credential: { username: string; secret: string } };
  assert.equal(res.status, 201);
  authfile = join(dir, "robot-config.json");
  const auth = Buffer.from(`${credential.username}:${credential.secret}`).toString("base64");
  await writeFile(authfile, JSON.stringify({ auths: { [new URL(registry.url).host]: { auth } } }), {
    mode: 0o600,
  });
});

after(async () => {
  await registry?.close();
  await rm(dir, { recursive: true, force: true });
});

async function scanJson(ref: string, extra: string[] = []) {
  const r = await runDrydock(
    ["scan", "image", ref, "--format", "json", "--cache-dir", join(dir, "cache"), ...extra],
    { timeoutMs: 120_000 },
  );
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as {
    target: { os: { id: string } | null; layers: { diffId: string }[]; digest: string | null };
    packages: {
      type: string;
      name: string;
      version: string;
      purl: string;
      path: string;
      layer: string;
      osOwned?: boolean;
      source?: { name: string };
    }[];
    problems: unknown[];
  };
}

test("an OCI layout of real package data: every dpkg, npm and Python package, with its layer", async () => {
  const report = await scanJson(ociRef);
  const list = (type: string, norm = (n: string) => n) =>
    report.packages
      .filter((p) => p.type === type)
      .map((p) => `${norm(p.name)}@${p.version}`)
      .sort();
  assert.deepEqual(list("deb"), oracle.deb, "dpkg packages = dpkg-query's installed packages");
  assert.deepEqual(list("npm"), oracle.npm, "npm packages = npm query's node_modules entries");
  const sitePackages = report.packages
    .filter(
      (p) => p.type === "pypi" && p.path.startsWith("/usr/local/lib/python3.11/site-packages/"),
    )
    .map((p) => `${p.name.toLowerCase().replace(/[-_.]+/g, "-")}@${p.version}`)
    .sort();
  assert.deepEqual(sitePackages, oracle.pypi, "Python packages = pip list");
  const debianPython = report.packages.filter(
    (p) => p.type === "pypi" && p.path.startsWith("/usr/lib/python3/dist-packages/"),
  );
  assert.ok(debianPython.length > 5, "Debian's python3-* packages are in the image");
  assert.deepEqual(
    debianPython.filter((p) => !p.osOwned).map((p) => p.path),
    [],
    "every Python package dpkg installed is marked OS-owned",
  );
  assert.ok(
    report.packages
      .filter((p) => p.type !== "pypi" || !p.path.startsWith("/usr/lib/python3/"))
      .every((p) => !p.osOwned),
  );
  assert.deepEqual(report.problems, []);
  assert.equal(report.target.os?.id, "debian");
  const [l1, l2, l3] = report.target.layers.map((l) => l.diffId);
  const bash = report.packages.find((p) => p.type === "deb" && p.name === "bash")!;
  assert.equal(bash.layer, l1);
  assert.match(bash.purl, /^pkg:deb\/debian\/bash@[^?]+\?arch=amd64&distro=debian-\d+/);
  assert.ok(report.packages.filter((p) => p.type === "npm").every((p) => p.layer === l2));
  assert.ok(
    report.packages
      .filter((p) => p.path.startsWith("/usr/local/lib/python3.11/"))
      .every((p) => p.layer === l3),
  );
  const fastify = report.packages.find((p) => p.type === "npm" && p.name === "fastify")!;
  assert.equal(
    fastify.version,
    JSON.parse(readFileSync(join(repoRoot, "node_modules/fastify/package.json"), "utf8")).version,
  );
});

test("the same image as a docker archive and from the registry gives the same packages", async () => {
  const oci = await scanJson(ociRef, ["--no-cache"]);
  const archive = await scanJson(archiveRef, ["--no-cache"]);
  const pulled = await scanJson(`${new URL(registry.url).host}/team/app:v1`, [
    "--no-cache",
    "--authfile",
    authfile,
  ]);
  const key = (r: typeof oci) => r.packages.map((p) => `${p.purl} ${p.layer}`);
  assert.deepEqual(key(archive), key(oci));
  assert.deepEqual(key(pulled), key(oci));
  assert.match(pulled.target.digest ?? "", /^sha256:/);
});

test("every format carries the same packages", async () => {
  const json = await scanJson(ociRef);
  const run = async (format: string) => {
    const r = await runDrydock(
      ["scan", "image", ociRef, "--format", format, "--cache-dir", join(dir, "cache")],
      { timeoutMs: 120_000 },
    );
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const cdx = JSON.parse(await run("cyclonedx")) as {
    specVersion: string;
    components: { purl?: string }[];
  };
  assert.equal(cdx.specVersion, "1.6");
  assert.equal(cdx.components.length, json.packages.length);
  const spdx = JSON.parse(await run("spdx")) as { spdxVersion: string; packages: unknown[] };
  assert.equal(spdx.spdxVersion, "SPDX-2.3");
  assert.equal(
    spdx.packages.length,
    json.packages.length + 1,
    "one SPDX package for the image itself",
  );
  const table = await run("table");
  assert.match(table, new RegExp(`${json.packages.length} packages`));
});

test("a broken layer gives the rest of the inventory and exit code 3", async () => {
  const good = await buildLayer([
    { path: "/usr/lib/os-release", content: 'ID=debian\nVERSION_ID="12"\n' },
  ]);
  const bad = await buildLayer([
    { path: "/var/lib/dpkg/status", content: readFileSync("/var/lib/dpkg/status") },
  ]);
  const cut = { ...bad, blob: bad.blob.subarray(0, 2000) };
  const { createHash } = await import("node:crypto");
  cut.digest = `sha256:${createHash("sha256").update(cut.blob).digest("hex")}`;
  const { ref } = await writeLayout(join(dir, "broken"), "v1", [good, cut]);
  const r = await runDrydock(["scan", "image", ref, "--format", "json", "--no-cache"], {
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 3, r.stderr);
  const report = JSON.parse(r.stdout) as { partial: boolean; target: { os: { id: string } } };
  assert.equal(report.partial, true);
  assert.equal(report.target.os.id, "debian");
  assert.match(r.stderr, /problem: layer 2/);
});

test("a scan cache that cannot be written: the scan is whole all the same, with one warning", async () => {
  const ref = ociRef;
  const notADir = join(dir, "cache-is-a-file");
  await writeFile(notADir, "x");
  const r = await runDrydock(["scan", "image", ref, "--format", "json", "--cache-dir", notADir], {
    timeoutMs: 120_000,
  });
  assert.equal(r.code, 0, r.stderr);
  const warnings = r.stderr.split("\n").filter((l) => l.includes("warning"));
  assert.equal(warnings.length, 1, r.stderr);
  assert.match(warnings[0]!, /cannot write the scan cache in .*cache-is-a-file \(EEXIST/);
  const report = JSON.parse(r.stdout) as { partial: boolean; packages: { purl: string }[] };
  assert.equal(report.partial, false);
  const uncached = await scanJson(ref, ["--no-cache"]);
  assert.deepEqual(
    report.packages.map((p) => p.purl),
    uncached.packages.map((p) => p.purl),
  );
});

test("scan clean-cache empties the cache a scan filled; the next scan fills it again", async () => {
  const cacheDir = join(dir, "cache-to-clean");
  const scan = () =>
    runDrydock(["scan", "image", ociRef, "--format", "json", "--cache-dir", cacheDir], {
      timeoutMs: 120_000,
    });
  const first = await scan();
  assert.equal(first.code, 0, first.stderr);
  const entries = () => readdirSync(cacheDir).filter((n) => n.endsWith(".cache")).length;
  const filled = entries();
  assert.ok(filled > 1, `${filled} entries`);

  const young = await runDrydock(
    ["scan", "clean-cache", "--cache-dir", cacheDir, "--older-than", "7d"],
    { timeoutMs: 60_000 },
  );
  assert.equal(young.code, 0, young.stderr);
  assert.match(
    young.stdout,
    new RegExp(`removed 0 entries .* kept ${filled} entries newer than 7d`),
  );
  const bad = await runDrydock([
    "scan",
    "clean-cache",
    "--cache-dir",
    cacheDir,
    "--older-than",
    "soon",
  ]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--older-than: "soon" is not a duration/);
  assert.equal(entries(), filled);

  const all = await runDrydock(["scan", "clean-cache", "--cache-dir", cacheDir], {
    timeoutMs: 60_000,
  });
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, new RegExp(`removed ${filled} entries \\([0-9.]+ [KM]iB\\) from `));
  assert.equal(entries(), 0);
  const again = await scan();
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout).packages, JSON.parse(first.stdout).packages);
  assert.equal(entries(), filled);
});

test("a target that is not there, or not what its prefix says, fails with exit code 1 and says so", async () => {
  const file = join(dir, "plain-file");
  await writeFile(file, "not an image");
  // A layout whose index names a blob by a path, not a digest.
  const hostile = join(dir, "hostile-layout");
  await mkdir(hostile);
  await writeFile(join(hostile, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(
    join(hostile, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: "sha256:../../../etc/passwd",
          size: 10,
        },
      ],
    }),
  );
  const cases: [string[], RegExp][] = [
    [["scan", "image", `dir:${join(dir, "nowhere")}`], /dir:.*nowhere: no such directory/],
    [["scan", "dir", join(dir, "nowhere")], /dir:.*nowhere: no such directory/],
    [["scan", "image", `dir:${file}`], /plain-file is not a directory/],
    [
      ["scan", "image", `docker-archive:${dir}`],
      /is not a file \(docker save writes one \.tar file\)/,
    ],
    [["scan", "image", `oci:${file}`], /plain-file has no index\.json \(not an OCI layout\)/],
    [
      ["scan", "image", `oci:${hostile}`],
      /index\.json is not an image index \(manifests\.0\.digest: not a valid sha256 or sha512 digest\)/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = await runDrydock(args[1] === "image" ? [...args, "--no-cache"] : args, {
      timeoutMs: 60_000,
    });
    assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, "", args.join(" "));
  }
});

test("a reference that does not exist fails with a clear message and exit code 1", async () => {
  const r = await runDrydock(["scan", "image", `oci:${join(dir, "layout")}:nope`], {
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no image tagged nope; tags: v1/);
  const missing = await runDrydock(
    [
      "scan",
      "image",
      `${new URL(registry.url).host}/team/none:v1`,
      "--no-cache",
      "--authfile",
      authfile,
    ],
    { timeoutMs: 60_000 },
  );
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /404/);
});

test("a reader that stops early (| head) ends the scan quietly", async () => {
  const { stdout, stderr } = await promisify(execFile)(
    "bash",
    [
      "-c",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash script, not a template
      'node bin/drydock.js scan image "$1" --format json --no-cache | head -c 20; echo " status=${PIPESTATUS[0]}"',
      "_",
      ociRef,
    ],
    { cwd: repoRoot },
  );
  assert.match(stdout, /status=0$/m);
  assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
});
