/**
 * One error type for all of drydock. Registry codes are exactly the OCI distribution
 * error codes; the HTTP edge maps `status` and `code` to the OCI JSON envelope.
 */
export const ERROR_CODES = {
  BLOB_UNKNOWN: 404,
  BLOB_UPLOAD_INVALID: 400,
  BLOB_UPLOAD_UNKNOWN: 404,
  DIGEST_INVALID: 400,
  MANIFEST_BLOB_UNKNOWN: 404,
  MANIFEST_INVALID: 400,
  MANIFEST_UNKNOWN: 404,
  NAME_INVALID: 400,
  NAME_UNKNOWN: 404,
  SIZE_INVALID: 400,
  UNAUTHORIZED: 401,
  DENIED: 403,
  UNSUPPORTED: 405,
  TOOMANYREQUESTS: 429,
  // Management API (/api/v1) only; the registry answers with the OCI codes above.
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID: 400,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class DrydockError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: unknown;
  /** Extra response headers the edge should send (e.g. `Range` on a 416). */
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { status?: number; detail?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "DrydockError";
    this.code = code;
    this.status = opts.status ?? ERROR_CODES[code];
    this.detail = opts.detail;
    this.headers = opts.headers ?? {};
  }
}

export function isDrydockError(err: unknown): err is DrydockError {
  return err instanceof DrydockError;
}
