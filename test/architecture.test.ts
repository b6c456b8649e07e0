import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { test } from "node:test";

/**
 * The dependency rules of the design, checked on every source file:
 *   core <- parts (registry, identity, scanner, secrets, policy, outcomes, jobs)
 *        <- storage (implements the parts' ports) and http (the HTTP edge)
 *        <- app (composition root) <- cli (the process entry: parses argv, calls app)
 * Third-party SDKs stay where they are used, and process.env / console only in app and cli.
 */
const SRC = resolve(import.meta.dirname, "..", "src");
const PARTS = ["registry", "identity", "scanner", "secrets", "policy", "outcomes", "jobs"];
const ALLOWED: Record<string, string[]> = {
  core: [],
  ...Object.fromEntries(PARTS.map((p) => [p, ["core"]])),
  storage: ["core", ...PARTS],
  http: ["core", ...PARTS],
  app: ["core", ...PARTS, "storage", "http"],
  cli: ["core", ...PARTS, "app"],
};
const PACKAGES: Record<string, string[]> = {
  fastify: ["http"],
  commander: ["cli"],
  // The rpm reader opens an image's rpmdb.sqlite (in memory, read-only).
  "better-sqlite3": ["storage", "scanner/catalog/rpm"],
  kysely: ["storage"],
  pg: ["storage"],
  "@aws-sdk/client-s3": ["storage"],
  pino: ["app", "http"],
  // Token signing and password hashing are identity's own business.
  jose: ["identity"],
  "@node-rs/argon2": ["identity"],
};
const GLOBALS_ALLOWED = ["app", "cli"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

function layerOf(file: string): string {
  return relative(SRC, file).split(sep)[0]!;
}

function imports(text: string): string[] {
  const found: string[] = [];
  const re = /(?:import|export)\s[^"']*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of text.matchAll(re)) found.push((m[1] ?? m[2])!);
  return found;
}

const files = sourceFiles(SRC);

test("there are sources to check in every layer we use", () => {
  const layers = new Set(files.map(layerOf));
  for (const layer of ["core", "registry", "storage", "http", "app", "cli"])
    assert.ok(layers.has(layer), layer);
});

test("every top-level folder of src/ is a known layer", () => {
  for (const file of files)
    assert.ok(layerOf(file) in ALLOWED, `${relative(SRC, file)} is outside the known layers`);
});

test("imports follow the dependency direction", () => {
  const violations: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    for (const spec of imports(readFileSync(file, "utf8"))) {
      if (spec.startsWith(".")) {
        const target = resolve(file, "..", spec);
        if (!target.startsWith(SRC + sep)) {
          violations.push(`${relative(SRC, file)} imports ${spec} from outside src/`);
          continue;
        }
        const to = layerOf(target);
        if (to !== from && !ALLOWED[from]!.includes(to))
          violations.push(`${relative(SRC, file)} (${from}) imports ${to}: ${spec}`);
        continue;
      }
      const pkg = spec.startsWith("@")
        ? spec.split("/").slice(0, 2).join("/")
        : spec.split("/")[0]!;
      const owners = PACKAGES[pkg];
      const where = relative(SRC, file).split(sep).join("/");
      if (owners && !owners.some((o) => o === from || where.startsWith(`${o}/`))) {
        violations.push(`${relative(SRC, file)} (${from}) imports ${pkg}`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

test("process.env and console are used only in app/ and cli/", () => {
  const violations: string[] = [];
  for (const file of files) {
    if (GLOBALS_ALLOWED.includes(layerOf(file))) continue;
    const text = readFileSync(file, "utf8");
    if (/\bprocess\.env\b/.test(text)) violations.push(`${relative(SRC, file)} reads process.env`);
    if (/\bconsole\.\w+\(/.test(text)) violations.push(`${relative(SRC, file)} uses console`);
  }
  assert.deepEqual(violations, []);
});

test("the rule checker itself catches a violation", () => {
  assert.deepEqual(
    imports('import { x } from "../storage/db/open.ts";\nimport y from "fastify";'),
    ["../storage/db/open.ts", "fastify"],
  );
});
