import type { CombinedError } from "@urql/core";

/**
 * The error codes of the API (extensions.code), plus NETWORK for a request
 * that got no GraphQL answer at all.
 */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "INTERNAL"
  | "NETWORK";

const KNOWN: ReadonlySet<string> = new Set<ErrorCode>([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "CONFLICT",
  "INTERNAL",
]);

/** One error of a GraphQL operation, classified by its code. */
export interface AppError {
  code: ErrorCode;
  /** The server's message (English, for logs and details). */
  message: string;
  /** The input the error is about, such as "name" or "where.createdAtGTE". */
  field?: string;
  /** The request ID an INTERNAL error carries, to quote to support. */
  requestId?: string;
}

const REQUEST_ID = /\(request ([^)\s]+)\)/;

/**
 * Reads the errors of an operation. An unknown code (a malformed document,
 * which is a bug of this app) counts as INTERNAL.
 */
export function appErrors(error: CombinedError | undefined | null): AppError[] {
  if (!error) return [];
  if (error.networkError && error.graphQLErrors.length === 0) {
    return [{ code: "NETWORK", message: error.networkError.message }];
  }
  return error.graphQLErrors.map((e) => {
    const ext = e.extensions ?? {};
    const raw = typeof ext.code === "string" ? ext.code : "";
    const code = (KNOWN.has(raw) ? raw : "INTERNAL") as ErrorCode;
    const out: AppError = { code, message: e.message };
    if (typeof ext.field === "string" && ext.field !== "") out.field = ext.field;
    const id = REQUEST_ID.exec(e.message)?.[1];
    if (code === "INTERNAL" && id) out.requestId = id;
    return out;
  });
}

/**
 * Codes the whole app reacts to the same way, wherever they come from; the
 * others (NOT_FOUND, BAD_USER_INPUT, CONFLICT) belong to the screen or form
 * that made the request.
 */
export function isGlobal(code: ErrorCode): boolean {
  return code === "UNAUTHENTICATED" || code === "FORBIDDEN" || code === "INTERNAL" || code === "NETWORK";
}

/** Whether an operation failed because what it asked for does not exist. */
export function isNotFound(error: CombinedError | undefined | null): boolean {
  return appErrors(error).some((e) => e.code === "NOT_FOUND");
}

/**
 * The errors of an operation that name one of a form's fields, keyed by the
 * field (the last part of the server's path: "input.name" is "name").
 */
export function fieldErrors(error: CombinedError | undefined | null, fields: readonly string[]): Map<string, AppError> {
  const out = new Map<string, AppError>();
  for (const e of appErrors(error)) {
    if (!e.field) continue;
    const name = e.field.split(".").pop()!;
    if (fields.includes(name) && !out.has(name)) out.set(name, e);
  }
  return out;
}
