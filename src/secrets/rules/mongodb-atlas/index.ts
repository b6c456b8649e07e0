import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "mongodb-atlas-api-private-key",
      title: "MongoDB Atlas API private key",
      severity: "high",
      keywords: ["atlas_private", "atlas-private", "atlasprivate", "atlas.private", "mongodbatlas"],
      docsUrl: "https://www.mongodb.com/docs/atlas/configure-api-access/",
    },
    // MONGODB_ATLAS_PRIVATE_KEY, atlas_private_key, mongodbatlas private_key: a UUID.
    pattern:
      /atlas[\w.-]{0,30}?private[_.-]?key[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9A-Za-z-])/gi,
    minEntropy: 3,
  },
  {
    meta: {
      id: "mongodb-atlas-connection-password",
      title: "MongoDB Atlas connection string with a password",
      severity: "high",
      keywords: ["mongodb.net"],
      docsUrl: "https://www.mongodb.com/docs/manual/reference/connection-string/",
    },
    // mongodb+srv://user:password@cluster0.abcde.mongodb.net/db
    pattern:
      /\bmongodb(?:\+srv)?:\/\/[^\s:/@'"]{1,128}:(?<secret>[^\s/@'"]{3,128})@[A-Za-z0-9.-]{1,253}\.mongodb\.net\b/g,
    minEntropy: 2,
  },
];
