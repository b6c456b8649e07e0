import { stat } from "node:fs/promises";
import { DrydockError } from "../../core/errors.ts";
import type { RegistryOptions } from "./registry-source.ts";
import type { ImageSource } from "./source.ts";

export type Target =
  | { kind: "image"; source: ImageSource }
  | { kind: "dir"; path: string; ref: string };

/**
 * What a scan reference names: `oci:DIR[:tag]`, `docker-archive:FILE`, `dir:PATH`, or a
 * registry reference `host/ns/repo:tag` / `@sha256:...`. Only the source asked for is loaded.
 */
export async function openTarget(ref: string, registry: RegistryOptions): Promise<Target> {
  if (ref.startsWith("oci:")) {
    const rest = ref.slice(4);
    // oci:DIR:tag — the tag is after the last colon, unless that colon belongs to the path.
    const colon = rest.lastIndexOf(":");
    const slash = rest.lastIndexOf("/");
    const [dir, tag] =
      colon > slash && colon > 0 ? [rest.slice(0, colon), rest.slice(colon + 1)] : [rest, null];
    if (!dir) throw new DrydockError("NAME_INVALID", `${ref}: give a directory after oci:`);
    const { OciLayoutSource } = await import("./oci-layout.ts");
    return { kind: "image", source: new OciLayoutSource(ref, dir, tag || null) };
  }
  if (ref.startsWith("docker-archive:")) {
    const file = ref.slice("docker-archive:".length);
    if (!file) throw new DrydockError("NAME_INVALID", `${ref}: give a file after docker-archive:`);
    const { DockerArchiveSource } = await import("./docker-archive.ts");
    return { kind: "image", source: new DockerArchiveSource(ref, file) };
  }
  if (ref.startsWith("dir:")) {
    const path = ref.slice(4);
    if (!path) throw new DrydockError("NAME_INVALID", `${ref}: give a directory after dir:`);
    // A path that is not there is a mistake to say, not an empty scan (exit 1, not 3).
    const found = await stat(path).catch((err: NodeJS.ErrnoException) => err);
    if (found instanceof Error) {
      const why = found.code === "ENOENT" ? "no such directory" : found.message;
      throw new DrydockError("NAME_UNKNOWN", `${ref}: ${why}`);
    }
    if (!found.isDirectory())
      throw new DrydockError("NAME_INVALID", `${ref}: ${path} is not a directory`);
    return { kind: "dir", path, ref };
  }
  const { parseRegistryRef, RegistrySource } = await import("./registry-source.ts");
  return { kind: "image", source: new RegistrySource(ref, parseRegistryRef(ref), registry) };
}
