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
