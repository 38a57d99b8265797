import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
    DEFAULT_PROFILE_DESCRIPTION,
    DEFAULT_PROFILE_NAME,
    SelfServiceProfile,
    validateArgs,
} from "../../../components/auth0/selfServiceProfile";
import { installMocks, settle, unwrap } from "../../mocks";

const TYPE = "auth0:index/selfServiceProfile:SelfServiceProfile";

/** Names and parents of registrations from now on (the mocks do not see options). */
function recordParents(): Array<{ type: string; name: string; parent: string }> {
    const seen: Array<{ type: string; name: string; parent: string }> = [];
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: unknown) => {
        seen.push({ type: req.getType(), name: req.getName(), parent: req.getParent() });
        return register(req, callback);
    };
    return seen;
}

describe("SelfServiceProfile (Auth0 Self-Service SSO)", () => {
    it("declares a profile limited to waad, asking for the email and, optionally, the names", async () => {
        const mocks = await installMocks();
        const parents = recordParents();
        const component = new SelfServiceProfile("contoso-sso");
        await settle();

        const profile = mocks.single(TYPE);
        assert.equal(profile.name, "contoso-sso-profile");
        assert.deepEqual(profile.inputs, {
            name: DEFAULT_PROFILE_NAME,
            description: DEFAULT_PROFILE_DESCRIPTION,
            allowedStrategies: ["waad"],
            userAttributes: [
                { name: "email", description: "The user's email address (Entra: mail or userPrincipalName)", isOptional: false },
                { name: "given_name", description: "The user's first name (Entra: givenName)", isOptional: true },
                { name: "family_name", description: "The user's last name (Entra: surname)", isOptional: true },
            ],
        });
        assert.equal(profile.secretInputs.size, 0);

        const componentUrn = (await unwrap(component.urn)).value;
        assert.match(componentUrn, /auth0-entra-scim:auth0:SelfServiceProfile::contoso-sso$/);
        assert.equal(parents.find((p) => p.type === TYPE)?.parent, componentUrn);
        assert.equal((await unwrap(component.profileId)).value, profile.id);
    });

    it("takes a name, description, attributes and branding", async () => {
        const mocks = await installMocks();
        new SelfServiceProfile("shared", {
            profileName: "Acme: connect your Entra ID",
            description: "For Acme customers",
            userAttributes: [{ name: "email", description: "Work email", isOptional: false }],
            branding: { logoUrl: "https://acme.example/logo.png", primaryColor: "#0059d6" },
        });
        await settle();
        const { inputs } = mocks.single(TYPE);
        assert.equal(inputs.name, "Acme: connect your Entra ID");
        assert.equal(inputs.description, "For Acme customers");
        assert.deepEqual(inputs.userAttributes, [{ name: "email", description: "Work email", isOptional: false }]);
        assert.deepEqual(inputs.branding, { logoUrl: "https://acme.example/logo.png", colors: { primary: "#0059d6" } });
        assert.deepEqual(inputs.allowedStrategies, ["waad"]);
    });

    it("sends only the branding parts given", async () => {
        const mocks = await installMocks();
        new SelfServiceProfile("logo-only", { branding: { logoUrl: "https://acme.example/logo.png" } });
        await settle();
        assert.deepEqual(mocks.single(TYPE).inputs.branding, { logoUrl: "https://acme.example/logo.png" });
    });

    it("refuses bad arguments, naming each, before registering anything", async () => {
        const problems = validateArgs({
            userAttributes: [{ name: "given_name", description: "First name", isOptional: true }],
            branding: { logoUrl: "http://insecure.example/logo.png", primaryColor: "blue" },
        });
        assert.deepEqual(problems, [
            'userAttributes must include "email" (users are matched on it)',
            'branding.logoUrl: "http://insecure.example/logo.png" is not an https URL',
            'branding.primaryColor: "blue" is not a #rrggbb colour',
        ]);
        const mocks = await installMocks();
        assert.throws(() => new SelfServiceProfile("bad", { branding: { primaryColor: "blue" } }), /SelfServiceProfile bad: branding\.primaryColor/);
        await settle();
        assert.equal(mocks.registrations.length, 0);
    });
});
