import { randomBytes } from "node:crypto";

/** Ids are injected; the default is 128 random bits, unguessable, URL-safe. */
export interface IdGen {
  next(): string;
}

export const randomIds: IdGen = {
  next: () => randomBytes(16).toString("base64url"),
};
