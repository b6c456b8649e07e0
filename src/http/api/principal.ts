import type { FastifyRequest } from "fastify";
import { DrydockError, isDrydockError } from "../../core/errors.ts";
import type { Identity } from "../../identity/identity.ts";
import type { Principal } from "../../identity/types.ts";
import { basicCredentials, bearerToken, requestContext } from "../auth.ts";

/** The challenge of every 401 from /api/v1. */
export const API_CHALLENGE = 'Basic realm="drydock"';

export function unauthorized(message: string): DrydockError {
  return new DrydockError("UNAUTHORIZED", message, {
    headers: { "www-authenticate": API_CHALLENGE },
  });
}

/**
 * The caller of a management request:
 *   Authorization: Basic user:password | user:<personal access token> | robot$ns+name:<secret>
 *   Authorization: Bearer <personal access token (ddp_...)> | <registry token>
 * Anything else, or nothing, is a 401 with a Basic challenge.
 */
export async function principalOf(request: FastifyRequest, identity: Identity): Promise<Principal> {
  const header = request.headers.authorization;
  if (!header)
    throw unauthorized(
      "authentication required: Basic user:password (or user:<access token>), or Bearer <access token>",
    );
  const ctx = requestContext(request);
  let principal: Principal | null = null;
  try {
    const bearer = bearerToken(header);
    const basic = bearer === null ? basicCredentials(header) : null;
    if (bearer !== null) principal = await identity.authenticateBearer(bearer, ctx);
    else if (basic) principal = await identity.authenticate(basic.username, basic.password, ctx);
  } catch (err) {
    // Identity's refusals carry no challenge (or the registry's Bearer one): answer ours.
    if (isDrydockError(err) && err.code === "UNAUTHORIZED") throw unauthorized(err.message);
    throw err;
  }
  if (!principal) throw unauthorized("unsupported or malformed Authorization header");
  if (principal.kind === "anonymous") throw unauthorized("authentication required");
  return principal;
}
