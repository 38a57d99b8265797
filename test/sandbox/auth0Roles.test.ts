/**
 * The tenant emulator's roles (sandbox/emulators/auth0Roles.ts) with the real `auth0` v7 SDK, in the
 * shapes terraform-provider-auth0 recorded (TestAccRole.yaml): create 200 without a description key,
 * read with `description: ""`, offset paging, `name_filter`, 409 for a taken name, 404 for unknown ids.
 */
import * as assert from "node:assert/strict";
import type { ManagementError } from "auth0";
import { type Auth0TenantEmulator, startAuth0TenantEmulator } from "../../sandbox/emulators/auth0Tenant";
import { api, sdk } from "./auth0Fixtures";

const status = (error: unknown) => (error as ManagementError).statusCode;

describe("sandbox Auth0 tenant emulator: roles", () => {
    let tenant: Auth0TenantEmulator;

    beforeEach(async () => {
        tenant = await startAuth0TenantEmulator();
    });
    afterEach(() => tenant.close());

    it("creates, reads, updates and deletes roles as recorded", async () => {
        const created = await api(tenant, "POST", "/roles", { name: "Billing Admin" });
        assert.equal(created.status, 200, "POST /roles answers 200 (recorded)");
        assert.match(created.body.id, /^rol_[A-Za-z0-9]{16}$/);
        assert.deepEqual(created.body, { id: created.body.id, name: "Billing Admin", type: "tenant" });
        const id = created.body.id;
        const client = sdk(tenant);
        assert.deepEqual(await client.roles.get(id), { id, name: "Billing Admin", description: "", type: "tenant" });
        const updated = await client.roles.update(id, { description: "Pays the bills" });
        assert.deepEqual(updated, { id, name: "Billing Admin", description: "Pays the bills", type: "tenant" });
        assert.equal((await api(tenant, "PATCH", `/roles/${id}`, { type: "organization" })).status, 400);
        assert.equal((await api(tenant, "POST", "/roles", { name: "Billing Admin" })).status, 409);
        assert.equal((await api(tenant, "POST", "/roles", { description: "no name" })).status, 400);

        const deleted = await api(tenant, "DELETE", `/roles/${id}`);
        assert.deepEqual(deleted, { status: 200, body: {} });
        await assert.rejects(client.roles.get(id), (e) => status(e) === 404);
        await assert.rejects(client.roles.update(id, { name: "x" }), (e) => status(e) === 404);
        await assert.rejects(client.roles.delete(id), (e) => status(e) === 404);
    });

    it("lists with offset paging and a case-insensitive name_filter, tenant roles unless asked", async () => {
        const client = sdk(tenant);
        for (const name of ["Billing Admin", "Billing Viewer", "Support"]) await client.roles.create({ name });
        const org = (await client.organizations.create({ name: "contoso" })).id!;
        await client.roles.create({ name: "Org Admin", type: "organization", owner_id: org });

        const raw = await api(tenant, "GET", "/roles?per_page=100&page=0&include_totals=true&name_filter=billing");
        assert.deepEqual(Object.keys(raw.body).sort(), ["limit", "roles", "start", "total"]);
        assert.deepEqual(raw.body.roles.map((r: { name: string }) => r.name), ["Billing Admin", "Billing Viewer"]);
        assert.equal(raw.body.total, 2);
        assert.deepEqual((await api(tenant, "GET", "/roles?name_filter=support")).body.map((r: { name: string }) => r.name), ["Support"], "a bare array without include_totals");

        const page = await client.roles.list({ per_page: 2 });
        const names = [...page.data.map((r) => r.name)];
        let current = page;
        while (current.hasNextPage()) {
            current = await current.getNextPage();
            names.push(...current.data.map((r) => r.name));
        }
        assert.deepEqual(names, ["Billing Admin", "Billing Viewer", "Support"]);
        const orgRoles = await client.roles.list({ type: "organization", owner_id: org });
        assert.deepEqual(orgRoles.data.map((r) => [r.name, r.owner_id]), [["Org Admin", org]]);
        assert.equal((await api(tenant, "GET", "/roles?type=organization")).status, 400);
    });
});
