/**
 * Entry point of the stand-in plugin (launched by sandbox/bin/pulumi-resource-auth0): says on stderr
 * that it is a stand-in (stdout carries the gRPC port for the engine), then serves the provider.
 */
import { main } from "@pulumi/pulumi/provider";
import { Auth0StandInProvider, STAND_IN_LABEL } from "./provider";

export { STAND_IN_LABEL };

if (require.main === module) {
    process.stderr.write(`${STAND_IN_LABEL}\n`);
    main(new Auth0StandInProvider(), process.argv.slice(2)).catch((error: unknown) => {
        process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
        process.exit(1);
    });
}
