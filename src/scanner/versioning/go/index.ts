/**
 * Go module versions (go.dev/ref/mod#versions), ordered the way golang.org/x/mod/semver
 * orders them: SemVer 2 precedence, `vX` / `vX.Y` shorthand for `vX.0.0` / `vX.Y.0`, build
 * metadata (`+incompatible`) ignored. The `v` is optional because OSV Go records leave it
 * out. Pseudo-versions are ordinary SemVer pre-releases and need no special case. Go toolchain
 * versions (`go1.21rc2`) are accepted too, converted the way the Go vulndb converts them.
 * See readme.md.
 */
import { cached, compareInvalid } from "../common.ts";
import {
  compareSemverParts,
  newSemverParts,
  parseSemverAt,
  type SemverParts,
} from "../semver/index.ts";
import type { VersionScheme } from "../types.ts";

const LOWER_G = 103;
const LOWER_O = 111;
const LOWER_V = 118;

/**
 * A module version with or without its `v`: `vMAJOR[.MINOR[.PATCH[-PRE][+BUILD]]]`, where the
 * shorthands `v1` and `v1.2` take neither a pre-release nor build metadata (as in x/mod). The
 * part after the `v` is exactly what the semver member parses once it has dropped its prefixes.
 */
function parseModule(v: string, out: SemverParts): boolean {
  const i = v.length > 0 && v.charCodeAt(0) === LOWER_V ? 1 : 0;
  return parseSemverAt(v, i, v.length, out);
}

const isToolchain = (v: string): boolean =>
  v.length > 2 && v.charCodeAt(0) === LOWER_G && v.charCodeAt(1) === LOWER_O;

/** `go1.21.3`, `go1.21rc2`, `go1.20-pre4`: major.minor, optional .patch, optional pre-release. */
const TOOLCHAIN = /^(\d+\.\d+)(\.\d+)?(?:(beta|rc|-pre)(\d+))?$/;

/**
 * A Go toolchain version (the `stdlib` and `toolchain` modules' versions) as the SemVer the Go
 * vulndb writes in OSV records, without a `v`: `go1.21.3` -> `1.21.3`, `go1.20` -> `1.20.0`,
 * `go1.21rc2` -> `1.21.0-rc.2`, `go1.19beta1` -> `1.19.0-beta.1`, `go1.20-pre4` ->
 * `1.20.0-pre.4`, `go1` -> `1.0.0`. The `go` prefix is optional (`1.21.3`); only the first
 * blank-separated field counts (`go1.21.3 X:boringcrypto`). Null when it is not a Go release
 * tag (`go1.0`, which never existed, `devel go1.22-abc`, leading zeros).
 */
export function goToolchainToSemver(v: string): string | null {
  if (typeof v !== "string") return null;
  const field = v.trim().split(/\s+/, 1)[0] ?? "";
  const tag = field.startsWith("go") ? field.slice(2) : field;
  if (tag === "1") return "1.0.0";
  if (tag === "1.0") return null;
  const m = TOOLCHAIN.exec(tag);
  if (!m) return null;
  let out = m[1]! + (m[2] ?? ".0");
  if (m[3] !== undefined) out += "-" + (m[3] === "-pre" ? "pre" : m[3]) + "." + m[4]!;
  return parseModule(out, scratchT) ? out : null;
}

/** Toolchain conversions by tag: there are few distinct tags, and converting takes a regex. */
const toolchainSemver = cached(goToolchainToSemver, 1024);

/** The string whose ranges `parse` filled: `v` itself, or its toolchain conversion. */
function parse(v: string, out: SemverParts): string | null {
  if (typeof v !== "string") return null;
  if (isToolchain(v)) {
    const s = toolchainSemver(v);
    return s !== null && parseModule(s, out) ? s : null;
  }
  return parseModule(v, out) ? v : null;
}

const scratchA = newSemverParts();
const scratchB = newSemverParts();
const scratchT = newSemverParts();

function valid(v: string): boolean {
  return parse(v, scratchA) !== null;
}

function compare(a: string, b: string): number {
  const sa = parse(a, scratchA);
  const sb = parse(b, scratchB);
  if (sa === null || sb === null) return compareInvalid(a, sa !== null, b, sb !== null);
  return compareSemverParts(sa, scratchA, sb, scratchB);
}

export const scheme: VersionScheme = {
  meta: {
    id: "go",
    title: "Go module version",
    docsUrl: "https://go.dev/ref/mod#versions",
  },
  valid,
  compare,
};
