/**
 * SARIF 2.1.0 pieces every drydock SARIF writer shares (secrets, vulnerabilities).
 * A file path becomes a relative URI reference against `%SRCROOT%`: no leading slash, each
 * segment percent-encoded, `/` kept (SARIF §3.4.3, §3.14.14).
 */
export function sarifArtifact(path: string): { uri: string; uriBaseId: string } {
  const uri = path
    .replace(/^\/+/, "")
    .split("/")
    .map((seg) => encodeURIComponent(seg))
    .join("/");
  return { uri: uri === "" ? "." : uri, uriBaseId: "%SRCROOT%" };
}

/** One SARIF run of a drydock scan: what differs between the writers. */
export interface SarifRun {
  toolVersion: string;
  rules: unknown[];
  /** False when parts of the target could not be read (listed in `notifications`). */
  executionSuccessful: boolean;
  notifications: unknown[];
  /** What `%SRCROOT%` stands for: the scanned image's root filesystem, directory, ... */
  root: string;
  results: unknown[];
  /** Further properties of the run (`columnKind`, `properties`). */
  extra?: Record<string, unknown>;
}

/** The SARIF 2.1.0 log around one run, as text (2-space indent, final newline). */
export function sarifLog(run: SarifRun): string {
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "drydock",
            semanticVersion: run.toolVersion,
            version: run.toolVersion,
            rules: run.rules,
          },
        },
        invocations: [
          {
            executionSuccessful: run.executionSuccessful,
            toolExecutionNotifications: run.notifications,
          },
        ],
        originalUriBaseIds: { "%SRCROOT%": { description: { text: run.root } } },
        ...run.extra,
        results: run.results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
