import { createHash, type Hash } from "node:crypto";
import { DrydockError } from "./errors.ts";

/** Algorithms we accept, with the length of their hex encoding (OCI image spec, descriptor.md). */
const ALGORITHMS = { sha256: 64, sha512: 128 } as const;
export type DigestAlgorithm = keyof typeof ALGORITHMS;

export interface Digest {
  readonly algorithm: DigestAlgorithm;
  readonly hex: string;
  /** `algorithm:hex` */
  readonly value: string;
}

// The grammar from the image spec: algorithm-component ... ":" encoded
const DIGEST_GRAMMAR = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** Parses a digest string; returns null when it is not a digest we can verify. */
export function parseDigest(input: string): Digest | null {
  if (input.length > 256 || !DIGEST_GRAMMAR.test(input)) return null;
  const colon = input.indexOf(":");
  const algorithm = input.slice(0, colon);
  const hex = input.slice(colon + 1);
  if (!(algorithm in ALGORITHMS)) return null;
  const alg = algorithm as DigestAlgorithm;
  if (hex.length !== ALGORITHMS[alg] || !/^[a-f0-9]+$/.test(hex)) return null;
  return { algorithm: alg, hex, value: input };
}

/** Like parseDigest, but throws DIGEST_INVALID with the offending text. */
export function requireDigest(input: string | undefined, what = "digest"): Digest {
  if (input === undefined || input === "") {
    throw new DrydockError("DIGEST_INVALID", `${what} is required`);
  }
  const digest = parseDigest(input);
  if (!digest) {
    throw new DrydockError(
      "DIGEST_INVALID",
      `${what} "${truncate(input)}" is not a valid sha256 or sha512 digest`,
    );
  }
  return digest;
}

export function isDigest(input: string): boolean {
  return parseDigest(input) !== null;
}

export function createDigester(algorithm: DigestAlgorithm = "sha256"): Hash {
  return createHash(algorithm);
}

export function digestOf(data: Uint8Array | string, algorithm: DigestAlgorithm = "sha256"): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest("hex")}`;
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}...` : s;
}
