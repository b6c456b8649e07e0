import { randomBytes } from "node:crypto";

/** Ids are injected; the default is 128 random bits, unguessable, URL-safe. */
export interface IdGen {
  next(): string;
}

/**
 * base64url of 16 random bytes, drawn again when it would start with `-` or `_`: ids are typed
 * on command lines (`drydock token revoke ID`), where a leading `-` reads as an option.
 */
export const randomIds: IdGen = {
  next: () => {
    for (;;) {
      const id = randomBytes(16).toString("base64url");
      if (id[0] !== "-" && id[0] !== "_") return id;
    }
  },
};
