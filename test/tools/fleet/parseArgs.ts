/** `fleet …` parsed by commander, the run replaced by a recorder: the fleet tests' view of the flags. */
import type { FleetArgs } from "../../../tools/fleet/args";
import { main as fleetMain } from "../../../tools/fleet/main";

export async function parse(argv: string[]): Promise<{ code: number; args?: FleetArgs; stderr: string }> {
    let args: FleetArgs | undefined;
    let stderr = "";
    const code = await fleetMain(argv, { stdout: () => undefined, stderr: (t) => (stderr += t) }, async (a) => {
        args = a;
        return 0;
    });
    return { code, args, stderr };
}
