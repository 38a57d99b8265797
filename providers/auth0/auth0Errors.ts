/**
 * Turns what the auth0 SDK throws into a VendorCallError: the call, the HTTP status and Auth0's own
 * message (`{"statusCode","error","message","errorCode"}` bodies), with secrets blotted out.
 */
import { ManagementError } from "auth0";
import { redact, vendorCallError, type VendorCallError } from "../errors";

/** The HTTP status of a failed SDK call; undefined when no answer came (connection lost, timeout). */
export function statusOf(error: unknown): number | undefined {
    return error instanceof ManagementError ? error.statusCode : undefined;
}

function vendorMessage(error: unknown): string {
    if (error instanceof ManagementError) {
        const body = error.body as { message?: unknown; errorCode?: unknown; error_description?: unknown } | string | undefined;
        if (typeof body === "string" && body.trim() !== "") return body;
        if (body && typeof body === "object") {
            const message = body.message ?? body.error_description;
            if (typeof message === "string") {
                // The SDK's own first line, when it is a sentence, says which step failed (e.g. the M2M
                // token request); typed errors put only their class name there.
                const step = error.message.split("\n")[0];
                const prefix = /\s/.test(step) && !/^(Status code|Body):/.test(step) ? `${step}: ` : "";
                return prefix + (typeof body.errorCode === "string" ? `${message} (${body.errorCode})` : message);
            }
        }
    }
    // The SDK's own message: for a lost connection it names the method, path and attempts.
    return error instanceof Error ? error.message : String(error);
}

export function vendorError(call: string, error: unknown, secrets: ReadonlyArray<string | undefined>): VendorCallError {
    return vendorCallError(redact(call, secrets), statusOf(error), redact(vendorMessage(error), secrets));
}
