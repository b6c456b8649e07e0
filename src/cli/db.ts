import { Command } from "commander";

/** `drydock db update|import|status`: the local vulnerability database (OSV records). */
export function dbCommand(): Command {
  const db = new Command("db").description(
    "the local vulnerability database (OSV advisories): update from mirrors, import files, status",
  );
  db.addCommand(
    new Command("update")
      .description(
        "download the OSV archives (<mirror>/<ECOSYSTEM>/all.zip) of the enabled ecosystems and import what changed",
      )
      .option(
        "--db <file>",
        "database file (default: DRYDOCK_VULNDB or ~/.cache/drydock/vulndb/osv.db)",
      )
      .option(
        "--mirror <url...>",
        "mirrors tried in order: https://, http:// or file:// (default: DRYDOCK_OSV_MIRRORS, comma-separated, else the official OSV bucket)",
      )
      .option(
        "--ecosystem <name...>",
        "ecosystems to fetch (default: DRYDOCK_OSV_ECOSYSTEMS, else Debian, Ubuntu, Alpine, Red Hat, npm, PyPI, Go, Maven, crates.io, RubyGems, Packagist, NuGet)",
      )
      .option("--force", "download and import even when a mirror says nothing changed")
      .option("-f, --format <format>", "table or json", "table")
      .addHelpText(
        "after",
        "\nExit codes: 0 every ecosystem updated (or unchanged); 1 some ecosystem failed on every mirror (its previous data is kept); 2 bad usage.",
      )
      .action(async (opts: DbUpdateOptions) => {
        const { dbUpdate } = await import("./db-run.ts");
        process.exitCode = await dbUpdate(opts);
      }),
  );
  db.addCommand(
    new Command("import")
      .argument("<path>", "an OSV bulk zip, one OSV JSON record, or a folder of them")
      .description("import OSV records from files (air-gapped sites)")
      .option(
        "--db <file>",
        "database file (default: DRYDOCK_VULNDB or ~/.cache/drydock/vulndb/osv.db)",
      )
      .option("-f, --format <format>", "table or json", "table")
      .addHelpText(
        "after",
        "\nImporting the same path again replaces what it brought before (records no longer there are removed).\nExit codes: 0 imported; 3 imported, but some records could not be read (listed); 1 nothing imported.",
      )
      .action(async (path: string, opts: DbImportOptions) => {
        const { dbImport } = await import("./db-run.ts");
        process.exitCode = await dbImport(path, opts);
      }),
  );
  db.addCommand(
    new Command("status")
      .description("ecosystems, record counts, last update and age of the local database")
      .option(
        "--db <file>",
        "database file (default: DRYDOCK_VULNDB or ~/.cache/drydock/vulndb/osv.db)",
      )
      .option("-f, --format <format>", "table or json", "table")
      .action(async (opts: DbStatusOptions) => {
        const { dbStatus } = await import("./db-run.ts");
        process.exitCode = await dbStatus(opts);
      }),
  );
  return db;
}

export interface DbUpdateOptions {
  db?: string;
  mirror?: string[];
  ecosystem?: string[];
  force?: boolean;
  format: string;
}

export interface DbImportOptions {
  db?: string;
  format: string;
}

export interface DbStatusOptions {
  db?: string;
  format: string;
}
