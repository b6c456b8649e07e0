import type { JWK } from "jose";

/**
 * The port the token service keeps its signing keys behind. A key is active while
 * `retiredAt` is null; a retired key still verifies the tokens it signed until they expire.
 */
export interface SigningKeyRecord {
  /** RFC 7638 thumbprint of the public key; also the JWS `kid`. */
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  /** ms since the epoch. */
  createdAt: number;
  /** ms since the epoch, or null while the key signs new tokens. */
  retiredAt: number | null;
}

export interface SigningKeyStore {
  list(): Promise<SigningKeyRecord[]>;
  /** Creates or replaces the record with this kid. */
  save(rec: SigningKeyRecord): Promise<void>;
  /** Removes the record; a missing kid is not an error. */
  remove(kid: string): Promise<void>;
}
