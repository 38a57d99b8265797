/**
 * `auth0:index/connectionClients:ConnectionClients`, as terraform-provider-auth0 v1.53.0 does it
 * (internal/auth0/connection/resource_clients.go): the id is the connection id.
 * - create: reads the enabled clients (GET /connections/{id}/clients, all pages); if the connection
 *   already has some and they are not exactly the configured list, refuses ("Connection with non
 *   empty enabled clients … Import the resource instead"); else PATCHes `{client_id, status: true}`
 *   for each configured one (nothing when the list is empty), then reads.
 * - update: enables what was added and disables what was removed, by set difference between the
 *   state and the program, in one PATCH.
 * - delete: disables every client in the state (nothing when empty).
 * - read: the enabled clients plus the connection's `name` and `strategy`; a 404 is "gone". After a
 *   refresh, clients enabled in the dashboard are in the state, so the next `up` disables them.
 */
import type { ManagementClient } from "auth0";
import type { ResourceType } from "./resourceType";
import { call, orGone } from "./client";
import { differs } from "./props";

async function enabledClients(api: ManagementClient, connectionId: string): Promise<string[] | undefined> {
    return orGone(async () => {
        const ids: string[] = [];
        let page = await api.connections.clients.get(connectionId);
        for (;;) {
            ids.push(...page.data.map((c) => c.client_id));
            if (!page.hasNextPage()) break;
            page = await page.getNextPage();
        }
        return ids;
    });
}

async function read(api: ManagementClient, connectionId: string) {
    const ids = await enabledClients(api, connectionId);
    if (ids === undefined) return undefined;
    const connection = await orGone(() => api.connections.get(connectionId, { fields: "strategy,name", include_fields: true }));
    if (!connection) return undefined;
    return { connectionId, enabledClients: ids, name: connection.name, strategy: connection.strategy };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export const connectionClients: ResourceType = {
    token: "auth0:index/connectionClients:ConnectionClients",
    inputKeys: ["connectionId", "enabledClients"],
    secretOutputs: [],
    check(inputs) {
        const failures = [];
        if (typeof inputs.connectionId !== "string" || inputs.connectionId === "") {
            failures.push({ property: "connectionId", reason: "Missing required argument: connectionId" });
        }
        if (!Array.isArray(inputs.enabledClients)) failures.push({ property: "enabledClients", reason: "Missing required argument: enabledClients" });
        return failures;
    },
    changes(olds, news) {
        const changed: string[] = [];
        if (differs(news.connectionId, olds.connectionId)) changed.push("connectionId");
        if (differs(news.enabledClients ?? [], olds.enabledClients ?? [], true)) changed.push("enabledClients");
        return changed;
    },
    async create(api, inputs) {
        const connectionId: string = inputs.connectionId;
        const wanted: string[] = [...new Set<string>(inputs.enabledClients ?? [])];
        const existing = await enabledClients(api, connectionId);
        if (existing === undefined) throw new Error(`Auth0 Management API 404: The connection ${connectionId} does not exist`);
        if (existing.length > 0 && !sameList(wanted, existing)) {
            throw new Error(
                `Connection with non empty enabled clients: the connection already has enabled clients attached to it ` +
                    `(${existing.join(", ")}; configured: ${wanted.join(", ") || "none"}). Import the resource instead in order ` +
                    `to proceed with the changes: pulumi import auth0:index/connectionClients:ConnectionClients <name> ${connectionId}`,
            );
        }
        if (wanted.length > 0) {
            await call(() => api.connections.clients.update(connectionId, wanted.map((client_id) => ({ client_id, status: true }))));
        }
        const outs = await read(api, connectionId);
        if (!outs) throw new Error(`connection ${connectionId} disappeared`);
        return { id: connectionId, outs };
    },
    read: (api, id) => read(api, id),
    async update(api, id, olds, news) {
        const before = new Set<string>(olds.enabledClients ?? []);
        const after = new Set<string>(news.enabledClients ?? []);
        const payload = [
            ...[...after].filter((c) => !before.has(c)).map((client_id) => ({ client_id, status: true })),
            ...[...before].filter((c) => !after.has(c)).map((client_id) => ({ client_id, status: false })),
        ];
        await call(() => api.connections.clients.update(id, payload));
        const outs = await read(api, id);
        if (!outs) throw new Error(`connection ${id} disappeared during the update`);
        return outs;
    },
    async delete(api, id, props) {
        const held: string[] = props.enabledClients ?? [];
        if (held.length === 0) return;
        await orGone(() => api.connections.clients.update(id, held.map((client_id) => ({ client_id, status: false }))));
    },
};
