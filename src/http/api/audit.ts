import type { Management } from "../../identity/management.ts";
import type { StoredAuditEvent } from "../../identity/ports.ts";
import { type ApiRoute, jsonRoute, ndjsonRoute } from "./route-table.ts";
import { AuditEvent, AuditFilters, AuditPage, AuditQuery } from "./schemas.ts";
import { type ApiDeps, auditView, type Principal, type RequestContext } from "./views.ts";

const EXPORT_PAGE = 1000;

/** The audit trail: admins read all of it, namespace owners what concerns their namespace. */
export function auditRoutes({ identity, management }: ApiDeps): ApiRoute[] {
  return [
    jsonRoute({
      method: "GET",
      path: "/audit",
      operationId: "queryAudit",
      summary: "Audit events, oldest first, a page at a time",
      description:
        "Admins read every event; a namespace owner passes a `target` inside the namespace. Page on with `after=<next>`.",
      tag: "audit",
      errors: [403],
      query: AuditQuery,
      response: AuditPage,
      handle: async ({ principal, ctx, query }) => {
        const events = await management.queryAudit(principal, query, ctx);
        const last = events.at(-1);
        return {
          events: events.map(auditView),
          next: events.length === query.limit && last ? last.id : null,
        };
      },
    }),
    ndjsonRoute({
      method: "GET",
      path: "/audit/export",
      operationId: "exportAudit",
      summary: "Every matching audit event as NDJSON (one event per line)",
      description:
        "The same filters as /audit without a limit; events until the time of the request unless `until` says otherwise.",
      tag: "audit",
      errors: [403],
      query: AuditFilters,
      line: AuditEvent,
      responseDescription: "One AuditEvent (JSON) per line",
      handle: async ({ principal, ctx, query }) => {
        // A fixed end, so that an export of a busy trail ends.
        const filters = { ...query, until: query.until ?? identity.deps.clock.now().getTime() + 1 };
        // The first page is read before answering: a refusal is still a proper error.
        const first = await management.queryAudit(
          principal,
          { ...filters, limit: EXPORT_PAGE },
          ctx,
        );
        return exportPages(management, principal, ctx, filters, first);
      },
    }),
  ];
}

async function* exportPages(
  management: Management,
  principal: Principal,
  ctx: RequestContext,
  filters: Omit<Parameters<Management["queryAudit"]>[1], "limit">,
  first: StoredAuditEvent[],
): AsyncGenerator<ReturnType<typeof auditView>> {
  let page = first;
  for (;;) {
    for (const event of page) yield auditView(event);
    const last = page.at(-1);
    if (page.length < EXPORT_PAGE || !last) return;
    page = await management.queryAudit(
      principal,
      { ...filters, after: last.id, limit: EXPORT_PAGE },
      ctx,
    );
  }
}
