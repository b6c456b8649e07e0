import { jsonRoute } from "./route-table.ts";
import { NsParams, User } from "./schemas.ts";
export const r = jsonRoute({
  method: "GET", path: "/x/{ns}", operationId: "x", summary: "x", tag: "x", params: NsParams, response: User,
  handle: async ({ params }) => ({ name: params.nss, admin: "no" }),
});
