/**
 * Package URLs (purl spec, github.com/package-url/purl-spec): pkg:type/namespace/name@version?qualifiers#subpath.
 * Each component is percent-encoded (so `+` in a Debian version becomes %2B, `@` in an npm
 * scope %40); qualifiers are sorted by key and empty ones dropped; per-type normalisation
 * follows the spec's type definitions (pypi names lowercased with `_` as `-`, and so on).
 */
export interface PurlParts {
  type: string;
  namespace?: string | null;
  name: string;
  version?: string | null;
  qualifiers?: Record<string, string | null | undefined>;
  subpath?: string | null;
}

export function purl(parts: PurlParts): string {
  const type = parts.type.toLowerCase();
  let namespace = parts.namespace ?? null;
  let name = parts.name;
  switch (type) {
    case "pypi":
      name = name.toLowerCase().replace(/[-_.]+/g, "-");
      break;
    case "deb":
    case "apk":
    case "alpm":
    case "bitbucket":
    case "github":
      name = name.toLowerCase();
      if (namespace) namespace = namespace.toLowerCase();
      break;
    case "golang":
      if (!namespace && name.includes("/")) {
        namespace = name.slice(0, name.lastIndexOf("/"));
        name = name.slice(name.lastIndexOf("/") + 1);
      }
      break;
  }
  let out = `pkg:${type}/`;
  if (namespace) out += `${namespace.split("/").filter(Boolean).map(encode).join("/")}/`;
  out += encode(name);
  if (parts.version) out += `@${encode(parts.version)}`;
  const qualifiers = Object.entries(parts.qualifiers ?? {})
    .filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")
    .map(([k, v]) => [k.toLowerCase(), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (qualifiers.length > 0) out += `?${qualifiers.map(([k, v]) => `${k}=${encode(v)}`).join("&")}`;
  if (parts.subpath)
    out += `#${parts.subpath
      .split("/")
      .filter((s) => s && s !== "." && s !== "..")
      .map(encode)
      .join("/")}`;
  return out;
}

function encode(s: string): string {
  return encodeURIComponent(s).replace(/%3A/gi, ":");
}
