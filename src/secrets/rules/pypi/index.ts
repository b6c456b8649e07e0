import type { SecretRule } from "../../types.ts";

const DOCS = "https://pypi.org/help/#apitoken";

/**
 * PyPI API tokens are macaroons: `pypi-` + base64url of a binary macaroon whose location is
 * `pypi.org` (`AgEIcHlwaS5vcmc`) or `test.pypi.org` (`AgENdGVzdC5weXBpLm9yZw`).
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "pypi-api-token",
      title: "PyPI API token",
      severity: "critical",
      keywords: ["pypi-ageichlwas5vcmc"],
      docsUrl: DOCS,
    },
    pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "testpypi-api-token",
      title: "TestPyPI API token",
      severity: "low",
      keywords: ["pypi-agendgvzdc5wexbplm9yzw"],
      docsUrl: DOCS,
    },
    pattern: /\bpypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,1000}/g,
    minEntropy: 2.5,
  },
];
