import type { SecretRule } from "../../types.ts";

/**
 * Private and symmetric JSON Web Keys (RFC 7517, parameters in RFC 7518 section 6): the private
 * exponent or scalar `d` of an RSA, EC or OKP key, and the key value `k` of an `oct` key. A
 * public JWK (a JWKS document) has neither and is never reported. The secret is the parameter's
 * value; the `kty` member must be in the same object, looked for within a few KB around it.
 */
const AROUND = 4096;

function context(m: RegExpExecArray): string {
  const at = m.index;
  return m.input.slice(Math.max(0, at - AROUND), at + m[0].length + AROUND);
}

/** The start and end of the innermost `{...}` around the match, within AROUND chars. */
function enclosingObject(m: RegExpExecArray): string {
  const text = context(m);
  const at = Math.min(m.index, AROUND);
  const open = text.lastIndexOf("{", at);
  const close = text.indexOf("}", at + m[0].length);
  return open < 0 || close < 0 ? "" : text.slice(open, close + 1);
}

function validJwkSecret(secret: string, m: RegExpExecArray): boolean {
  const object = enclosingObject(m);
  const kty = /"kty"\s*:\s*"(RSA|EC|OKP|oct)"/.exec(object)?.[1];
  if (kty === undefined) return false;
  if ((m.groups?.param === "k") !== (kty === "oct")) return false;
  // 16 bytes is the smallest key anyone should use (AES-128); Ed25519's d is 32.
  return Buffer.from(secret, "base64url").length >= 16;
}

export const rules: SecretRule[] = [
  {
    meta: {
      id: "jwk-private-key",
      title: "JSON Web Key with private or symmetric key material",
      severity: "critical",
      keywords: ['"kty"'],
      docsUrl: "https://www.rfc-editor.org/rfc/rfc7517",
    },
    pattern: /"(?<param>d|k)"[ \t]{0,4}:[ \t]{0,4}"(?<secret>[A-Za-z0-9_-]{22,1400})"/g,
    validate: validJwkSecret,
  },
];
