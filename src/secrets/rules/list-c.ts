import type { SecretRule } from "../types.ts";
import { rules as authHeaders } from "./auth-headers/index.ts";
import { rules as cliCredentials } from "./cli-credentials/index.ts";
import { rules as connectionStrings } from "./connection-strings/index.ts";
import { rules as credentialFiles } from "./credential-files/index.ts";
import { rules as genericAssignments } from "./generic-assignments/index.ts";
import { rules as jwk } from "./jwk/index.ts";
import { rules as jwt } from "./jwt/index.ts";
import { rules as privateKeys } from "./private-keys/index.ts";

/**
 * Rule group C: private keys, tokens with a structure (JWT, JWK), connection strings and
 * credentials in URLs, credential files, and generic assignments. One family per folder, in
 * alphabetical order.
 */
export const RULES_C: SecretRule[] = [
  ...authHeaders,
  ...cliCredentials,
  ...connectionStrings,
  ...credentialFiles,
  ...genericAssignments,
  ...jwk,
  ...jwt,
  ...privateKeys,
];
