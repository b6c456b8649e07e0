/**
 * JUnit XML, for CI systems that show test results (Jenkins, GitLab, Azure Pipelines): one
 * test suite per file with findings, one test case per rule per file, failing with one line
 * per finding (line, column, redacted secret unless `showSecrets`). A scan without findings
 * is one passing test case, so the CI still shows that the scan ran; read errors are test
 * cases with an `<error>`. Text is XML-escaped, and characters XML 1.0 cannot carry (control
 * characters, lone surrogates) are replaced by U+FFFD.
 */
import type { Finding } from "../types.ts";
import { type ReportOptions, type SecretsReport, sortedFindings, sortedNotes } from "./json.ts";

export function toJunit(report: SecretsReport, opts: ReportOptions): string {
  const findings = sortedFindings(report.findings);
  const byFile = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    const rules = byFile.get(f.origin.path) ?? new Map<string, Finding[]>();
    byFile.set(f.origin.path, rules);
    const list = rules.get(f.ruleId) ?? [];
    rules.set(f.ruleId, list);
    list.push(f);
  }
  const errors = sortedNotes(report.errors);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [path, rules] of byFile) {
    const cases: string[] = [];
    for (const [ruleId, list] of rules) {
      const first = list[0]!;
      const details = list
        .map((f) => {
          const at = f.origin.commit ? ` (commit ${f.origin.commit.sha})` : "";
          return `${path}:${f.line}:${f.column}${at} ${opts.showSecrets ? f.secret : f.redacted}`;
        })
        .join("\n");
      cases.push(
        `    <testcase classname="${attr(path)}" name="${attr(ruleId)}">\n` +
          `      <failure message="${attr(`${first.title} (${list.length})`)}" type="${attr(first.severity)}">${text(details)}</failure>\n` +
          "    </testcase>",
      );
    }
    tests += rules.size;
    failures += rules.size;
    suites.push(
      `  <testsuite name="${attr(path)}" tests="${rules.size}" failures="${rules.size}" errors="0">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  if (errors.length > 0) {
    const cases = errors.map(
      (e) =>
        `    <testcase classname="${attr(e.path)}" name="read">\n      <error message="${attr(e.reason)}"/>\n    </testcase>`,
    );
    tests += errors.length;
    suites.push(
      `  <testsuite name="errors" tests="${errors.length}" failures="0" errors="${errors.length}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  if (findings.length === 0) {
    tests += 1;
    suites.push(
      `  <testsuite name="${attr(report.target.path)}" tests="1" failures="0" errors="0">\n    <testcase classname="drydock.secrets" name="no secrets found"/>\n  </testsuite>`,
    );
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="drydock secrets" tests="${tests}" failures="${failures}" errors="${errors.length}">\n` +
    `${suites.join("\n")}\n</testsuites>\n`
  );
}

/** Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
function xmlSafe(s: string): string {
  return s.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    "\ufffd",
  );
}

function text(s: string): string {
  return xmlSafe(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(s: string): string {
  return text(s)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}
