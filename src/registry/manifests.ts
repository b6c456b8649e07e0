import type { Clock } from "../core/clock.ts";
import { createDigester, parseDigest } from "../core/digest.ts";
import { DrydockError } from "../core/errors.ts";
import { parseManifest } from "../core/manifest.ts";
import { MediaType } from "../core/media-types.ts";
import { isTag } from "../core/names.ts";
import { deletesDisabled } from "./blobs.ts";
import type { RegistryEvents } from "./events.ts";
import type { ManifestRecord, Page, RegistryMetadata } from "./ports.ts";

export interface PushedManifest {
  digest: string;
  /** Digest of the manifest's `subject`, echoed as the OCI-Subject header. */
  subject: string | null;
}

/** A reference in a manifest URL is a tag or a digest. */
export type ManifestReference =
  | { tag: string; digest?: undefined }
  | { digest: string; tag?: undefined };

export function parseReference(reference: string): ManifestReference {
  if (reference.includes(":")) {
    const digest = parseDigest(reference);
    if (!digest) {
      throw new DrydockError(
        "DIGEST_INVALID",
        `reference "${reference.slice(0, 100)}" is not a valid digest`,
      );
    }
    return { digest: digest.value };
  }
  if (!isTag(reference)) {
    throw new DrydockError(
      "MANIFEST_INVALID",
      `tag "${reference.slice(0, 140)}" is invalid: up to 128 of [A-Za-z0-9_.-], not starting with . or -`,
      { status: 400 },
    );
  }
  return { tag: reference };
}

/** Manifests, tags and referrers (distribution spec: manifests, tags, referrers, deletes). */
export class Manifests {
  constructor(
    private readonly meta: RegistryMetadata,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
    private readonly settings: { maxBytes: number; allowDelete: boolean },
  ) {}

  async put(
    repository: string,
    reference: string,
    body: Uint8Array,
    contentType: string | undefined,
  ): Promise<PushedManifest> {
    if (body.length > this.settings.maxBytes) throw tooLarge(body.length, this.settings.maxBytes);
    const ref = parseReference(reference);
    const algorithm = ref.digest ? parseDigest(ref.digest)!.algorithm : "sha256";
    const digest = `${algorithm}:${createDigester(algorithm).update(body).digest("hex")}`;
    if (ref.digest && ref.digest !== digest) {
      throw new DrydockError(
        "DIGEST_INVALID",
        `manifest content has digest ${digest}, not ${ref.digest}`,
        {
          detail: { expected: ref.digest, actual: digest },
        },
      );
    }
    const facts = parseManifest(body, contentType);
    const { missing } = await this.meta.putManifest(
      {
        repository,
        digest,
        mediaType: facts.mediaType,
        size: body.length,
        content: body,
        subject: facts.subject?.digest ?? null,
        artifactType: facts.artifactType,
        annotations: facts.annotations,
        blobs: facts.blobs,
        manifests: facts.manifests,
        tag: ref.tag ?? null,
      },
      this.clock.now().getTime(),
    );
    if (missing.length > 0) {
      throw new DrydockError(
        "MANIFEST_BLOB_UNKNOWN",
        `manifest references ${missing.length} blob(s) or manifest(s) not in ${repository}: ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", ..." : ""}`,
        { status: 404, detail: { missing } },
      );
    }
    this.events.emit({
      type: "manifest.pushed",
      repository,
      digest,
      mediaType: facts.mediaType,
      tag: ref.tag ?? null,
      subject: facts.subject?.digest ?? null,
    });
    return { digest, subject: facts.subject?.digest ?? null };
  }

  async get(repository: string, reference: string): Promise<ManifestRecord> {
    const digest = await this.resolve(repository, reference);
    const record = await this.meta.getManifest(repository, digest);
    if (!record) throw await this.unknown(repository, reference);
    return record;
  }

  async stat(repository: string, reference: string): Promise<Omit<ManifestRecord, "content">> {
    const digest = await this.resolve(repository, reference);
    const record = await this.meta.statManifest(repository, digest);
    if (!record) throw await this.unknown(repository, reference);
    return record;
  }

  /** By digest: the manifest and every tag on it. By tag: only the tag. */
  async delete(repository: string, reference: string): Promise<void> {
    if (!this.settings.allowDelete) throw deletesDisabled();
    const ref = parseReference(reference);
    if (ref.tag !== undefined) {
      if (!(await this.meta.deleteTag(repository, ref.tag)))
        throw await this.unknown(repository, reference);
      this.events.emit({ type: "tag.deleted", repository, tag: ref.tag });
      return;
    }
    if (!(await this.meta.deleteManifest(repository, ref.digest)))
      throw await this.unknown(repository, reference);
    this.events.emit({ type: "manifest.deleted", repository, digest: ref.digest });
  }

  async tags(repository: string, limit: number, last: string | null): Promise<Page<string>> {
    if (!(await this.meta.repositoryExists(repository))) {
      throw new DrydockError("NAME_UNKNOWN", `repository ${repository} is not known`);
    }
    return this.meta.listTags(repository, limit, last);
  }

  /** The referrers index (an OCI image index, possibly empty) for a subject digest. */
  async referrers(repository: string, subjectText: string, artifactType: string | null) {
    const subject = parseDigest(subjectText);
    if (!subject)
      throw new DrydockError(
        "DIGEST_INVALID",
        `"${subjectText.slice(0, 100)}" is not a valid digest`,
      );
    const rows = await this.meta.listReferrers(repository, subject.value, artifactType);
    return {
      schemaVersion: 2 as const,
      mediaType: MediaType.ociIndex,
      manifests: rows.map((r) => ({
        mediaType: r.mediaType,
        digest: r.digest,
        size: r.size,
        ...(r.artifactType ? { artifactType: r.artifactType } : {}),
        ...(r.annotations ? { annotations: r.annotations } : {}),
      })),
    };
  }

  private async resolve(repository: string, reference: string): Promise<string> {
    const ref = parseReference(reference);
    if (ref.tag === undefined) return ref.digest;
    const digest = await this.meta.resolveTag(repository, ref.tag);
    if (!digest) throw await this.unknown(repository, reference);
    return digest;
  }

  private async unknown(repository: string, reference: string): Promise<DrydockError> {
    if (!(await this.meta.repositoryExists(repository))) {
      return new DrydockError("NAME_UNKNOWN", `repository ${repository} is not known`);
    }
    return new DrydockError("MANIFEST_UNKNOWN", `manifest ${reference} is not in ${repository}`);
  }
}

function tooLarge(size: number, max: number): DrydockError {
  return new DrydockError("SIZE_INVALID", `manifest is ${size} bytes; the limit is ${max} bytes`, {
    status: 413,
    detail: { size, limit: max },
  });
}
