/**
 * What Pulumi does with a dynamic provider: serialise it with its closure into the state, and load that
 * text in the provider process (require-from-string). Tests run the loaded copy to prove the provider
 * survives the trip.
 */
import * as pulumi from "@pulumi/pulumi";
import Module from "node:module";
import * as path from "node:path";

export async function roundTrip<T>(provider: T): Promise<{ text: string; copy: T }> {
    const serialised = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
    const filename = path.join(process.cwd(), "serialised-provider.js");
    const loaded = new Module(filename, module);
    loaded.filename = filename;
    loaded.paths = (Module as any)._nodeModulePaths(process.cwd());
    (loaded as any)._compile(serialised.text, filename);
    return { text: serialised.text, copy: loaded.exports[serialised.exportName]() };
}
