/** Whiteouts (OCI image spec, layer.md): `.wh.NAME` deletes NAME below; `.wh..wh..opq` empties the directory. */
export type Whiteout = { kind: "file"; path: string } | { kind: "opaque"; dir: string };

export function whiteoutOf(path: string): Whiteout | null {
  const slash = path.lastIndexOf("/");
  const base = path.slice(slash + 1);
  if (!base.startsWith(".wh.")) return null;
  const dir = slash <= 0 ? "/" : path.slice(0, slash);
  if (base === ".wh..wh..opq") return { kind: "opaque", dir };
  const target = base.slice(4);
  if (target === "" || target === "." || target === "..") return null;
  return { kind: "file", path: dir === "/" ? `/${target}` : `${dir}/${target}` };
}

/** Whether `path` is `dir` itself or below it. */
export function isUnder(path: string, dir: string): boolean {
  if (dir === "/") return true;
  return path === dir || path.startsWith(`${dir}/`);
}
