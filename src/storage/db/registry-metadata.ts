import { type Kysely, sql, type Transaction } from "kysely";
import type {
  GcOptions,
  GcResult,
  ManifestRecord,
  NewManifest,
  Page,
  ReferrerRecord,
  RegistryMetadata,
  UploadRecord,
} from "../../registry/ports.ts";
import { ManifestCache } from "./manifest-cache.ts";
import type { Database } from "./schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** Registry metadata in SQL through Kysely (SQLite today; the queries stay portable). */
export class SqlRegistryMetadata implements RegistryMetadata {
  private readonly cache: ManifestCache;

  /** `externalVersion` changes when another process commits (SQLite's data_version). */
  constructor(
    private readonly db: Kysely<Database>,
    externalVersion: () => number,
  ) {
    this.cache = new ManifestCache(externalVersion);
  }

  async listRepositories(limit: number, last: string | null): Promise<Page<string>> {
    let q = this.db
      .selectFrom("repositories")
      .select("name")
      .orderBy("name")
      .limit(limit + 1);
    if (last !== null) q = q.where("name", ">", last);
    const rows = await q.execute();
    return page(
      rows.map((r) => r.name),
      limit,
    );
  }

  async repositoryExists(repository: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("repositories")
      .select("name")
      .where("name", "=", repository)
      .executeTakeFirst();
    return row !== undefined;
  }

  async commitBlob(
    repository: string,
    digest: string,
    size: number,
    now: number,
    place: () => Promise<void>,
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      // The first statement writes, so the write lock is taken before the bytes move.
      await tx
        .insertInto("blobs")
        .values({ digest, size, touched_at: now })
        .onConflict((oc) => oc.column("digest").doUpdateSet({ touched_at: now }))
        .execute();
      await place();
      await ensureRepository(tx, repository, now);
      await link(tx, repository, digest, now);
    });
  }

  async linkBlob(repository: string, digest: string, now: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const touched = await tx
        .updateTable("blobs")
        .set({ touched_at: now })
        .where("digest", "=", digest)
        .executeTakeFirst();
      if (Number(touched.numUpdatedRows) === 0) return false;
      await ensureRepository(tx, repository, now);
      await link(tx, repository, digest, now);
      return true;
    });
  }

  async blobLink(
    repository: string,
    digest: string,
  ): Promise<{ size: number; linkedAt: number } | null> {
    const row = await this.db
      .selectFrom("repo_blobs")
      .innerJoin("blobs", "blobs.digest", "repo_blobs.digest")
      .select(["blobs.size", "repo_blobs.linked_at"])
      .where("repo_blobs.repository", "=", repository)
      .where("repo_blobs.digest", "=", digest)
      .executeTakeFirst();
    return row ? { size: Number(row.size), linkedAt: Number(row.linked_at) } : null;
  }

  async touchLink(repository: string, digest: string, now: number): Promise<void> {
    await this.db
      .updateTable("repo_blobs")
      .set({ linked_at: now })
      .where("repository", "=", repository)
      .where("digest", "=", digest)
      .execute();
  }

  async unlinkBlob(repository: string, digest: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom("repo_blobs")
      .where("repository", "=", repository)
      .where("digest", "=", digest)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async createUpload(record: UploadRecord): Promise<void> {
    await this.db
      .insertInto("uploads")
      .values({
        id: record.id,
        repository: record.repository,
        offset: record.offset,
        started_at: record.startedAt,
        updated_at: record.updatedAt,
      })
      .execute();
  }

  async getUpload(id: string): Promise<UploadRecord | null> {
    const row = await this.db
      .selectFrom("uploads")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      repository: row.repository,
      offset: Number(row.offset),
      startedAt: Number(row.started_at),
      updatedAt: Number(row.updated_at),
    };
  }

  async setUploadOffset(id: string, offset: number, now: number): Promise<void> {
    await this.db
      .updateTable("uploads")
      .set({ offset, updated_at: now })
      .where("id", "=", id)
      .execute();
  }

  async deleteUpload(id: string): Promise<void> {
    await this.db.deleteFrom("uploads").where("id", "=", id).execute();
  }

  async putManifest(m: NewManifest, now: number): Promise<{ missing: string[] }> {
    return this.writing(() => this.insertManifest(m, now));
  }

  private insertManifest(m: NewManifest, now: number): Promise<{ missing: string[] }> {
    return this.db
      .transaction()
      .execute(async (tx) => {
        // Write first: take the write lock before reading what the manifest depends on.
        await ensureRepository(tx, m.repository, now);
        const missing: string[] = [];
        const blobs = unique(m.blobs);
        if (blobs.length > 0) {
          const found = await tx
            .selectFrom("repo_blobs")
            .select("digest")
            .where("repository", "=", m.repository)
            .where("digest", "in", blobs)
            .execute();
          const have = new Set(found.map((r) => r.digest));
          for (const d of blobs) if (!have.has(d)) missing.push(d);
        }
        const children = unique(m.manifests);
        if (children.length > 0) {
          const found = await tx
            .selectFrom("manifests")
            .select("digest")
            .where("repository", "=", m.repository)
            .where("digest", "in", children)
            .execute();
          const have = new Set(found.map((r) => r.digest));
          for (const d of children) if (!have.has(d)) missing.push(d);
        }
        if (missing.length > 0) {
          // Nothing else was written; roll the repository row back too.
          throw new MissingReferences(missing);
        }
        await tx
          .insertInto("manifests")
          .values({
            repository: m.repository,
            digest: m.digest,
            media_type: m.mediaType,
            size: m.size,
            content: m.content,
            subject: m.subject,
            artifact_type: m.artifactType,
            annotations: m.annotations ? JSON.stringify(m.annotations) : null,
            created_at: now,
          })
          .onConflict((oc) => oc.columns(["repository", "digest"]).doUpdateSet({ created_at: now }))
          .execute();
        const refs = [
          ...blobs.map((child) => ({
            repository: m.repository,
            digest: m.digest,
            child,
            kind: "blob" as const,
          })),
          ...children.map((child) => ({
            repository: m.repository,
            digest: m.digest,
            child,
            kind: "manifest" as const,
          })),
        ];
        if (refs.length > 0) {
          await tx
            .insertInto("manifest_refs")
            .values(refs)
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
        if (m.tag !== null) {
          await tx
            .insertInto("tags")
            .values({ repository: m.repository, name: m.tag, digest: m.digest, updated_at: now })
            .onConflict((oc) =>
              oc.columns(["repository", "name"]).doUpdateSet({ digest: m.digest, updated_at: now }),
            )
            .execute();
        }
        return { missing };
      })
      .catch((err: unknown) => {
        if (err instanceof MissingReferences) return { missing: err.missing };
        throw err;
      });
  }

  async getManifest(repository: string, digest: string): Promise<ManifestRecord | null> {
    const epoch = this.cache.begin();
    const cached = this.cache.manifest(repository, digest);
    if (cached) return cached;
    const row = await this.db
      .selectFrom("manifests")
      .selectAll()
      .where("repository", "=", repository)
      .where("digest", "=", digest)
      .executeTakeFirst();
    if (!row) return null;
    const record = { ...toManifest(row), content: row.content };
    this.cache.putManifest(epoch, record);
    return record;
  }

  async statManifest(
    repository: string,
    digest: string,
  ): Promise<Omit<ManifestRecord, "content"> | null> {
    const row = await this.db
      .selectFrom("manifests")
      .select([
        "repository",
        "digest",
        "media_type",
        "size",
        "subject",
        "artifact_type",
        "annotations",
        "created_at",
      ])
      .where("repository", "=", repository)
      .where("digest", "=", digest)
      .executeTakeFirst();
    return row ? toManifest(row) : null;
  }

  async resolveTag(repository: string, tag: string): Promise<string | null> {
    const epoch = this.cache.begin();
    const cached = this.cache.tag(repository, tag);
    if (cached) return cached;
    const row = await this.db
      .selectFrom("tags")
      .select("digest")
      .where("repository", "=", repository)
      .where("name", "=", tag)
      .executeTakeFirst();
    if (row) this.cache.putTag(epoch, repository, tag, row.digest);
    return row?.digest ?? null;
  }

  async deleteManifest(repository: string, digest: string): Promise<boolean> {
    return this.writing(() =>
      this.db.transaction().execute(async (tx) => deleteManifestIn(tx, repository, digest)),
    );
  }

  async deleteTag(repository: string, tag: string): Promise<boolean> {
    return this.writing(async () => {
      const res = await this.db
        .deleteFrom("tags")
        .where("repository", "=", repository)
        .where("name", "=", tag)
        .executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    });
  }

  async listTags(repository: string, limit: number, last: string | null): Promise<Page<string>> {
    let q = this.db
      .selectFrom("tags")
      .select("name")
      .where("repository", "=", repository)
      .orderBy("name")
      .limit(limit + 1);
    if (last !== null) q = q.where("name", ">", last);
    const rows = await q.execute();
    return page(
      rows.map((r) => r.name),
      limit,
    );
  }

  async listReferrers(
    repository: string,
    subject: string,
    artifactType: string | null,
  ): Promise<ReferrerRecord[]> {
    let q = this.db
      .selectFrom("manifests")
      .select(["digest", "media_type", "size", "artifact_type", "annotations"])
      .where("repository", "=", repository)
      .where("subject", "=", subject)
      .orderBy("digest");
    if (artifactType !== null) q = q.where("artifact_type", "=", artifactType);
    const rows = await q.execute();
    return rows.map((r) => ({
      digest: r.digest,
      mediaType: r.media_type,
      size: Number(r.size),
      artifactType: r.artifact_type,
      annotations: r.annotations ? (JSON.parse(r.annotations) as Record<string, string>) : null,
    }));
  }

  async collectGarbage(opts: GcOptions): Promise<GcResult> {
    return this.writing(() => this.collect(opts));
  }

  private async collect(opts: GcOptions): Promise<GcResult> {
    const result: GcResult = { manifests: [], links: [], blobs: [], uploads: [] };
    try {
      await this.db.transaction().execute(async (tx) => {
        // Write first: hold the write lock for the whole pass.
        await tx
          .insertInto("gc_runs")
          .values({ started_at: Date.now(), dry_run: opts.dryRun ? 1 : 0 })
          .execute();
        if (opts.untagged) {
          for (const m of await unkeptManifests(tx, opts.cutoff)) {
            await deleteManifestIn(tx, m.repository, m.digest);
            result.manifests.push(m);
          }
        }
        const links = await tx
          .selectFrom("repo_blobs as l")
          .select(["l.repository", "l.digest"])
          .where("l.linked_at", "<", opts.cutoff)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom("manifest_refs as r")
                  .select("r.child")
                  .whereRef("r.child", "=", "l.digest")
                  .whereRef("r.repository", "=", "l.repository"),
              ),
            ),
          )
          .execute();
        for (const l of links) {
          await tx
            .deleteFrom("repo_blobs")
            .where("repository", "=", l.repository)
            .where("digest", "=", l.digest)
            .execute();
          result.links.push(l);
        }
        const blobs = await tx
          .selectFrom("blobs as b")
          .select(["b.digest", "b.size"])
          .where("b.touched_at", "<", opts.cutoff)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom("repo_blobs as l")
                  .select("l.digest")
                  .whereRef("l.digest", "=", "b.digest"),
              ),
            ),
          )
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom("manifest_refs as r")
                  .select("r.child")
                  .whereRef("r.child", "=", "b.digest"),
              ),
            ),
          )
          .execute();
        const doomed = new Set<string>();
        for (const b of blobs) {
          doomed.add(b.digest);
          await tx.deleteFrom("blobs").where("digest", "=", b.digest).execute();
          result.blobs.push({ digest: b.digest, size: Number(b.size) });
        }
        // Files with no record: left by a crash between placing the bytes and committing.
        const known = new Set(
          (await tx.selectFrom("blobs").select("digest").execute()).map((r) => r.digest),
        );
        for (const digest of opts.stored) {
          if (known.has(digest) || doomed.has(digest)) continue;
          result.blobs.push({ digest, size: null });
        }
        const uploads = await tx
          .selectFrom("uploads")
          .select("id")
          .where("updated_at", "<", opts.uploadCutoff)
          .execute();
        for (const u of uploads) {
          await tx.deleteFrom("uploads").where("id", "=", u.id).execute();
          result.uploads.push(u.id);
        }
        if (opts.dryRun) throw new DryRunRollback();
      });
    } catch (err) {
      if (!(err instanceof DryRunRollback)) throw err;
    }
    if (!opts.dryRun)
      await this.eraseUnrecorded(
        result.blobs.map((b) => b.digest),
        opts.erase,
      );
    return result;
  }

  /**
   * Deletes blob bytes only after the records' removal is committed (a crash before then
   * leaves records with their bytes; a crash after leaves orphan files the next pass sweeps).
   * Each batch holds the write lock, so no push can record the same digest again between the
   * check and the delete; a digest recorded again meanwhile keeps its bytes.
   */
  private async eraseUnrecorded(
    digests: string[],
    erase: (digest: string) => Promise<void>,
  ): Promise<void> {
    for (let i = 0; i < digests.length; i += ERASE_BATCH) {
      const batch = digests.slice(i, i + ERASE_BATCH);
      await this.db.transaction().execute(async (tx) => {
        // A write first, to take the write lock before looking.
        await tx
          .updateTable("blobs")
          .set({ size: sql`size` })
          .where("digest", "in", batch)
          .execute();
        const recorded = new Set(
          (
            await tx.selectFrom("blobs").select("digest").where("digest", "in", batch).execute()
          ).map((r) => r.digest),
        );
        for (const digest of batch) if (!recorded.has(digest)) await erase(digest);
      });
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** Runs a change to manifests or tags; the manifest cache is cleared before and after. */
  private async writing<T>(change: () => Promise<T>): Promise<T> {
    this.cache.clear();
    try {
      return await change();
    } finally {
      this.cache.clear();
    }
  }
}

const ERASE_BATCH = 200;

class MissingReferences extends Error {
  constructor(readonly missing: string[]) {
    super("missing references");
  }
}

class DryRunRollback extends Error {}

async function ensureRepository(db: Db, name: string, now: number): Promise<void> {
  await db
    .insertInto("repositories")
    .values({ name, created_at: now })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
}

async function link(db: Db, repository: string, digest: string, now: number): Promise<void> {
  await db
    .insertInto("repo_blobs")
    .values({ repository, digest, linked_at: now })
    .onConflict((oc) => oc.columns(["repository", "digest"]).doUpdateSet({ linked_at: now }))
    .execute();
}

async function deleteManifestIn(db: Db, repository: string, digest: string): Promise<boolean> {
  await db
    .deleteFrom("tags")
    .where("repository", "=", repository)
    .where("digest", "=", digest)
    .execute();
  await db
    .deleteFrom("manifest_refs")
    .where("repository", "=", repository)
    .where("digest", "=", digest)
    .execute();
  const res = await db
    .deleteFrom("manifests")
    .where("repository", "=", repository)
    .where("digest", "=", digest)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/**
 * Untagged manifests nothing keeps. Kept: tagged manifests and those younger than the cutoff;
 * then, to a fixed point, manifests a kept index lists and referrers whose subject is kept.
 */
async function unkeptManifests(
  db: Db,
  cutoff: number,
): Promise<{ repository: string; digest: string }[]> {
  const all = await db
    .selectFrom("manifests")
    .select(["repository", "digest", "subject", "created_at"])
    .execute();
  const tagged = await db.selectFrom("tags").select(["repository", "digest"]).execute();
  const children = await db
    .selectFrom("manifest_refs")
    .select(["repository", "digest", "child"])
    .where("kind", "=", "manifest")
    .execute();
  const key = (repo: string, digest: string) => `${repo}\n${digest}`;
  const kept = new Set<string>();
  for (const t of tagged) kept.add(key(t.repository, t.digest));
  for (const m of all) if (Number(m.created_at) >= cutoff) kept.add(key(m.repository, m.digest));
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of children) {
      const child = key(c.repository, c.child);
      if (kept.has(key(c.repository, c.digest)) && !kept.has(child)) {
        kept.add(child);
        changed = true;
      }
    }
    for (const m of all) {
      const k = key(m.repository, m.digest);
      if (m.subject && !kept.has(k) && kept.has(key(m.repository, m.subject))) {
        kept.add(k);
        changed = true;
      }
    }
  }
  return all
    .filter((m) => !kept.has(key(m.repository, m.digest)))
    .map((m) => ({ repository: m.repository, digest: m.digest }));
}

function toManifest(row: {
  repository: string;
  digest: string;
  media_type: string;
  size: number;
  subject: string | null;
  artifact_type: string | null;
  annotations: string | null;
  created_at: number;
}): Omit<ManifestRecord, "content"> {
  return {
    repository: row.repository,
    digest: row.digest,
    mediaType: row.media_type,
    size: Number(row.size),
    subject: row.subject,
    artifactType: row.artifact_type,
    annotations: row.annotations ? (JSON.parse(row.annotations) as Record<string, string>) : null,
    createdAt: Number(row.created_at),
  };
}

function page<T>(rows: T[], limit: number): Page<T> {
  return { items: rows.slice(0, limit), more: rows.length > limit };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
