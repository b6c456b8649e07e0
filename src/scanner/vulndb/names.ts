/**
 * The lookup key of a package in the vulnerability database: the OSV ecosystem without its
 * release suffix, and the name normalised the way that ecosystem compares names.
 */
export function ecosystemBase(ecosystem: string): string {
  const colon = ecosystem.indexOf(":");
  return colon < 0 ? ecosystem : ecosystem.slice(0, colon);
}

export function normalizeName(base: string, name: string): string {
  switch (base) {
    // PEP 503: case-insensitive, runs of `-`, `_`, `.` are one `-`.
    case "PyPI":
      return name.toLowerCase().replace(/[-_.]+/g, "-");
    // Case-insensitive package ids.
    case "NuGet":
    case "Packagist":
    case "Debian":
    case "Ubuntu":
    case "Alpine":
      return name.toLowerCase();
    default:
      return name;
  }
}
