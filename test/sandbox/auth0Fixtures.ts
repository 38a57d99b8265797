/**
 * Shared set-up for the tenant emulator's groups, roles and organizations tests: a waad connection with
 * SCIM on, and users and groups sent to its SCIM endpoint as Entra would send them.
 */
import { ManagementClient } from "auth0";
import type { Auth0TenantEmulator } from "../../sandbox/emulators/auth0Tenant";
import { toEmulator } from "./auth0Loopback";

export const sdk = (tenant: Auth0TenantEmulator, token = tenant.bearer) =>
    new ManagementClient({ domain: tenant.domain, token, fetch: toEmulator, maxRetries: 0 });

export async function api(tenant: Auth0TenantEmulator, method: string, path: string, body?: unknown, token = tenant.bearer) {
    const res = await fetch(`${tenant.url}/api/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export interface ScimConnection {
    readonly connectionId: string;
    readonly token: string;
    scim(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
    /** POSTs a user (externalId = the Entra object id) and answers its SCIM id (the Auth0 user id). */
    user(objectId: string, email?: string): Promise<string>;
    /** POSTs a group with these member SCIM ids and answers its id (`grp_…`). */
    group(displayName: string, externalId: string, members?: readonly string[]): Promise<string>;
}

export async function scimConnection(tenant: Auth0TenantEmulator, name = "entra-acme", strategy = "waad"): Promise<ScimConnection> {
    const connection = (await api(tenant, "POST", "/connections", { name, strategy, options: { userid_attribute: "oid", useCommonEndpoint: false } })).body;
    await api(tenant, "POST", `/connections/${connection.id}/scim-configuration`);
    const token = (await api(tenant, "POST", `/connections/${connection.id}/scim-configuration/tokens`, {
        scopes: ["get:users", "post:users", "patch:users", "delete:users", "get:groups", "post:groups", "patch:groups", "delete:groups"],
    })).body.token as string;
    const scim = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${tenant.scimEndpointUrl(connection.id)}${path}`, {
            method,
            headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    return {
        connectionId: connection.id,
        token,
        scim,
        async user(objectId, email = `${objectId}@contoso.example`) {
            const created = await scim("POST", "/Users", { userName: email, externalId: objectId, emails: [{ type: "work", value: email, primary: true }], displayName: objectId });
            if (created.status !== 201) throw new Error(`SCIM user ${objectId}: ${created.status} ${JSON.stringify(created.body)}`);
            return created.body.id;
        },
        async group(displayName, externalId, members = []) {
            const created = await scim("POST", "/Groups", { displayName, externalId, members: members.map((value) => ({ value })) });
            if (created.status !== 201) throw new Error(`SCIM group ${displayName}: ${created.status} ${JSON.stringify(created.body)}`);
            return created.body.id;
        },
    };
}
