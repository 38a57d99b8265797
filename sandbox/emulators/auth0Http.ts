/**
 * What every Management API route of the Auth0 tenant emulator shares: the error body Auth0 answers
 * with (`{statusCode, error, message, errorCode?}`, as in the recorded traffic in
 * shared/fixtures/auth0-recordings), the two paging styles of the v2 API, `?fields=`, and id makers.
 *
 * Paging, as the `auth0` v7 SDK reads it (node_modules/auth0/dist/cjs/management/api/resources):
 * - checkpoint (`from`/`take`): `{<items>: [...], next?}`; the SDK asks for the next page while `next`
 *   is present. `next` here is an opaque cursor (the offset as a string).
 * - offset (`page`/`per_page`/`include_totals`): `{<items>, start, limit, total}` with
 *   `include_totals=true`, a bare array without; the SDK pages until a page comes back empty.
 */
import { randomBytes } from "node:crypto";
import type { EmulatorResponse } from "./harness";

export const PAGE = 50;
const MAX_TAKE = 100;

export const error = (status: number, name: string, message: string, errorCode?: string): EmulatorResponse => ({
    status,
    body: { statusCode: status, error: name, message, ...(errorCode ? { errorCode } : {}) },
});
export const notFound = (message = "Not Found", errorCode?: string) => error(404, "Not Found", message, errorCode);
export const badRequest = (message: string, errorCode = "invalid_body") =>
    error(400, "Bad Request", errorCode === "invalid_body" ? `Payload validation error: ${message}` : message, errorCode);
export const conflict = (message: string, errorCode?: string) => error(409, "Conflict", message, errorCode);
export const noContent = (): EmulatorResponse => ({ status: 204 });
export const ok = (body: unknown, status = 200): EmulatorResponse => ({ status, body });

export const clone = <T>(value: T): T => structuredClone(value);

/** `length` characters of [A-Za-z0-9]. */
export const alphanumeric = (length: number) =>
    randomBytes(length * 2).toString("base64").replace(/[^A-Za-z0-9]/g, "").padEnd(length, "x").slice(0, length);

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
/** `length` characters of the base58 alphabet, the one Auth0's group ids use (`^grp_[1-9a-km-zA-HJ-NP-Z]{14,22}$`). */
export const base58 = (length: number) => [...randomBytes(length)].map((b) => BASE58[b % BASE58.length]).join("");

/** Keys of `body` outside `allowed`, as Auth0's schema validation names them. */
export function unknownKeys(body: Record<string, unknown>, allowed: readonly string[]): EmulatorResponse | undefined {
    const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
    return unknown.length > 0 ? badRequest(`Additional properties not allowed: ${unknown.join(",")}`) : undefined;
}

export const isObject = (value: unknown): value is Record<string, any> => !!value && typeof value === "object" && !Array.isArray(value);

/** A required array of non-empty strings on `key` (`{roles: [...]}`, `{groups: [...]}`), or the 400 for it. */
export function idList(body: unknown, key: string): string[] | EmulatorResponse {
    if (!isObject(body)) return badRequest("the body must be an object");
    const problem = unknownKeys(body, [key]);
    if (problem) return problem;
    const list = body[key];
    if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === "string" && v !== "")) {
        return badRequest(`Missing required property: ${key} (a non-empty array of ids)`);
    }
    return [...new Set(list as string[])];
}

/** A checkpoint-paged list (`from`/`take`). */
export function checkpointPage<T>(items: readonly T[], query: URLSearchParams, key: string): EmulatorResponse {
    const take = Math.max(1, Math.min(MAX_TAKE, Number(query.get("take") ?? PAGE) || PAGE));
    const from = Number(query.get("from") ?? 0) || 0;
    const page = items.slice(from, from + take);
    return ok({ [key]: page, ...(from + take < items.length ? { next: String(from + take) } : {}) });
}

/** An offset-paged list (`page`/`per_page`/`include_totals`). */
export function offsetPage<T>(items: readonly T[], query: URLSearchParams, key: string): EmulatorResponse {
    const perPage = Math.max(1, Math.min(MAX_TAKE, Number(query.get("per_page") ?? PAGE) || PAGE));
    const pageIndex = Math.max(0, Number(query.get("page") ?? 0) || 0);
    const page = items.slice(pageIndex * perPage, (pageIndex + 1) * perPage);
    if (query.get("include_totals") === "true") return ok({ [key]: page, start: pageIndex * perPage, limit: perPage, total: items.length });
    return ok(page);
}

/** `?fields=a,b&include_fields=true|false`, as the Management API applies it. */
export function pickFields<T extends object>(item: T, query: URLSearchParams): Record<string, unknown> {
    const copy = clone(item) as Record<string, unknown>;
    const fields = query.get("fields");
    if (!fields) return copy;
    const names = fields.split(",").map((f) => f.trim());
    const include = query.get("include_fields") !== "false";
    return Object.fromEntries(Object.entries(copy).filter(([k]) => names.includes(k) === include));
}
