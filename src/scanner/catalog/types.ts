/**
 * The package readers' family interface. A reader names the files it wants (by path and first
 * bytes); the scanner streams the image's layers, applies whiteouts, and hands the reader the
 * final version of each wanted file. Readers never touch the filesystem or the network, never
 * throw for bad content (they report a Problem naming the file and the reason), and return
 * packages with a purl (see core/purl.ts).
 */
export type PackageType =
  | "deb"
  | "apk"
  | "rpm"
  | "npm"
  | "pypi"
  | "golang"
  | "maven"
  | "gem"
  | "composer"
  | "cargo"
  | "nuget";

export interface Package {
  type: PackageType;
  name: string;
  version: string;
  purl: string;
  /** The file the package was read from (a database, a manifest, a binary), absolute, e.g. /var/lib/dpkg/status. */
  path: string;
  /** diff_id of the layer that introduced that file; the scanner sets it. */
  layer?: string | null;
  arch?: string;
  /** OS packages: the source package (dpkg `Source:`, apk origin, rpm source rpm). */
  source?: { name: string; version: string };
  licenses?: string[];
  /** A language package whose files the OS package manager installed: matched through the OS record only. */
  osOwned?: boolean;
  /** Reader-specific facts (Go toolchain version, main module, replacement, ...). Keep it JSON. */
  metadata?: Record<string, unknown>;
}

/** A wanted file, as it is in the final filesystem of the image (or directory). */
export interface ImageFile {
  /** Absolute path, `/`-separated, normalised (no `.`, `..`, or doubled slashes). */
  path: string;
  content: Buffer;
  /** diff_id of the layer the final version came from; null for `dir:` scans. */
  layer: string | null;
  /** Unix mode bits from the tar header (or stat), e.g. 0o100755. */
  mode: number;
}

/** Something that could not be read. The rest of the image is still scanned. */
export interface Problem {
  path: string;
  reason: string;
  layer?: string | null;
}

/** From /etc/os-release (or /usr/lib/os-release). */
export interface OsInfo {
  /** `ID`, e.g. debian, ubuntu, alpine, rhel, fedora. */
  id: string;
  /** `VERSION_ID`, e.g. 12, 22.04, 3.20.1, 9.4. */
  versionId: string | null;
  versionCodename: string | null;
  prettyName: string | null;
  idLike: string[];
}

export interface ReadContext {
  /** The OS found so far (the os-release reader runs first); null for distroless/scratch. */
  os: OsInfo | null;
  /** What is being scanned: an image's layers or a directory tree (lockfiles are read only for `dir`). */
  source: "image" | "dir";
}

/** Installed files that are only asked about, all questions at once. */
export interface OwnedFiles {
  /** Which of `paths` are among the installed files. */
  ownedAmong(paths: ReadonlySet<string>): Set<string>;
}

export interface ReadResult {
  packages: Package[];
  problems: Problem[];
  /**
   * Absolute paths of files installed by the OS package manager (dpkg info/*.list, apk file
   * lists, rpm file lists): a set as readers build it, or one that is only asked (dpkg's: a
   * Debian image lists 100,000 paths or more, and a set of them costs more than the question).
   */
  ownedFiles?: ReadonlySet<string> | OwnedFiles;
  /** Only the os-release reader sets this. */
  os?: OsInfo;
}

export interface CatalogReader {
  meta: {
    /** Folder name and id, e.g. "dpkg", "npm", "go-binary". */
    id: string;
    title: string;
    /** Where the format is specified. */
    docsUrl: string;
    /**
     * "os" readers read their files together, after the layers are merged, with the OS known.
     * "language" and "binary" readers must read each file on its own (a file's packages depend
     * on that file alone): the scanner reads them as the layer streams by and keeps only packages.
     */
    kind: "os" | "language" | "binary";
    /** Sources this reader applies to; lockfile readers are `["dir"]`. */
    sources: ("image" | "dir")[];
  };
  /** Largest file the reader accepts; bigger wanted files become a Problem instead. */
  maxFileBytes: number;
  /**
   * Whether the reader wants this file. `head` is the first bytes of the content (up to 64;
   * fewer for short files) so binary readers can sniff magic numbers (ELF, zip).
   */
  wants(path: string, head: Buffer): boolean;
  read(files: ImageFile[], ctx: ReadContext): ReadResult | Promise<ReadResult>;
}
