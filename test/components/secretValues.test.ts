import * as assert from "node:assert/strict";
import { looksLikeSecret, NOT_SHOWN, redactMessage, showValue } from "../../components/secretValues";

describe("secret-looking values (what config errors never show)", () => {
    const secrets = {
        "a JWT": "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJlLXZhbHVl",
        "a PEM private key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----",
        "a bearer header": "Bearer mF_9.B5f-4.1JqM-ZxYwVu",
        "a random 32-character string": "q8Zr3LmX7pT2vK9sW4yB6nD1fH5jG0cA",
        "an Entra client secret": "abc8Q~Zk3pQ9rL2mX7vT4sW8yB1nD6fH0jG5cA_e",
        "64 hex digits": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "a secret inside a sentence": "Contoso q8Zr3LmX7pT2vK9sW4yB6nD1fH5jG0cA Europe",
    };
    const fine = {
        "a GUID": "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11",
        "a hostname": "contoso-europe-production.onmicrosoft.com",
        "Auth0's Tenant URL": "https://acme.us.auth0.com/scim/v2/connections/con_Hvg6w4PSvAVOoCJ2?aadOptscim062020",
        "a SCIM URN": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.costCenter",
        "a logo URL": "https://cdn.example.com/Logos/Contoso2024-Europe.png",
        "a long one-word name": "ContosoInternationalHoldings2024Ltd",
        "a display name": "Auth0 SCIM provisioning (Société Générale – Zürich)",
        "a connection name": "contoso-europe-2024-entra",
    };
    for (const [what, value] of Object.entries(secrets)) it(`${what} looks like one`, () => assert.equal(looksLikeSecret(value), true));
    for (const [what, value] of Object.entries(fine)) it(`${what} does not`, () => assert.equal(looksLikeSecret(value), false));

    it("showValue quotes ordinary values and hides secret-looking ones", () => {
        assert.equal(showValue("acme.auth0.com/"), '"acme.auth0.com/"');
        assert.equal(showValue(secrets["a JWT"]), NOT_SHOWN);
        assert.equal(showValue({ auth0: secrets["a random 32-character string"], scim: "title" }), NOT_SHOWN);
    });

    it("redactMessage removes the given credentials by value, longest first, and anything secret-looking", () => {
        const message = `value 'hunter2-password' and 'hunter2-password-longer' and ${secrets["a JWT"]} for ${fine["a GUID"]}`;
        const out = redactMessage(message, ["hunter2-password", "hunter2-password-longer"]);
        assert.equal(out, `value '${NOT_SHOWN}' and '${NOT_SHOWN}' and ${NOT_SHOWN} for ${fine["a GUID"]}`);
        assert.ok(!redactMessage(`key: ${secrets["a PEM private key"]}`, []).includes("MIIEvQ"));
    });
});
