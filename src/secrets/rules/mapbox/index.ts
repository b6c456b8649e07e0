import type { SecretRule } from "../../types.ts";

/** A Mapbox token's middle part is base64url JSON naming the user (`{"u":"name","a":"…"}`). */
function mapboxPayload(secret: string): boolean {
  const payload = secret.split(".")[1] ?? "";
  try {
    const json: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof json === "object" && json !== null && "u" in json;
  } catch {
    return false;
  }
}

/** Mapbox secret tokens (`sk.`). Public tokens (`pk.`) are meant for browsers. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "mapbox-secret-token",
      title: "Mapbox secret access token",
      severity: "high",
      keywords: ["sk.eyj"],
      docsUrl: "https://docs.mapbox.com/accounts/guides/tokens/",
    },
    pattern: /\bsk\.eyJ[A-Za-z0-9_-]{10,300}\.[A-Za-z0-9_-]{20,30}(?![A-Za-z0-9_-])/g,
    validate: mapboxPayload,
    minEntropy: 3.5,
  },
];
