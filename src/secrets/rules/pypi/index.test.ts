import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const PYPI = "pypi-" + "AgEIcHlwaS5vcmc";
const TEST = "pypi-" + "AgENdGVzdC5weXBpLm9yZw";
const token = `${PYPI}${rand(B64URL, 160)}`;
const test = `${TEST}${rand(B64URL, 160)}`;

const cases: Case[] = [
  {
    id: "pypi-api-token",
    finds: [
      [`[pypi]\n  username = __token__\n  password = ${token}\n`, token],
      [`TWINE_PASSWORD=${token}`, token],
    ],
    ignores: [
      `TWINE_PASSWORD=${PYPI}${rand(B64URL, 20)}`,
      `TWINE_PASSWORD=pypi-${rand(B64URL, 160)}`,
      `TWINE_PASSWORD=${test}`,
    ],
  },
  {
    id: "testpypi-api-token",
    finds: [
      [`[testpypi]\n  password = ${test}`, test],
      [`{"password": "${test}"}`, test],
    ],
    ignores: [`TWINE_PASSWORD=${TEST}${rand(B64URL, 10)}`, `TWINE_PASSWORD=${token}`],
  },
];

runCases(rules, cases);
