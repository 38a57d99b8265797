/**
 * Sandbox only: moves this process's wall clock forward by AUTH0_ENTRA_SCIM_SANDBOX_CLOCK_OFFSET_MS,
 * so the end-to-end tests can let a SCIM token come due for rotation without waiting for it. The engine
 * hands NODE_OPTIONS to every Node process it starts (the dynamic-provider host, the stand-ins); the
 * emulators' clocks are moved by the same amount. Never loaded outside the sandbox's engine runs.
 */
"use strict";
const offset = Number(process.env.AUTH0_ENTRA_SCIM_SANDBOX_CLOCK_OFFSET_MS || 0);
if (Number.isFinite(offset) && offset !== 0) {
    const RealDate = Date;
    class ShiftedDate extends RealDate {
        constructor(...args) {
            if (args.length === 0) super(RealDate.now() + offset);
            else super(...args);
        }
        static now() {
            return RealDate.now() + offset;
        }
    }
    globalThis.Date = ShiftedDate;
}
