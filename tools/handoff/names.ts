/**
 * The names the sheet suggests for the other party's stack and for the Auth0 connection.
 *
 * Both come from the source stack's own name, which Pulumi has already accepted, never from the
 * display name (`customerName: Fabrikam Inc.` stays config). The two stacks of a split deployment
 * are paired by name, as docs/split-stacks.md shows them: the vendor's `contoso` and the customer's
 * `contoso-entra`. The connection is `<vendor stack>-entra`, the program's own default
 * (components/config.ts `defaultConnectionName`). A name that already ends in `-entra` is not given
 * a second one (`fabrikam-entra` never becomes `fabrikam-entra-entra`).
 */
import { defaultConnectionName } from "../../components/config";

/**
 * Pulumi's rule for a stack name (pulumi/pulumi sdk/go/common/tokens/stack_name.go, `ParseStackName`):
 * not empty, at most 100 characters, only `[A-Za-z0-9_.-]`. `pulumi stack init 'Fabrikam Inc.'` fails
 * with "a stack name may only contain alphanumeric, hyphens, underscores, or periods".
 */
export const PULUMI_STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const MAX_STACK_NAME = 100;
const SUFFIX = "-entra";

/** The name both stacks share: the stack's own (last) segment, without a trailing `-entra`. */
export function pairBase(stack: string): string {
    const own = stack.split("/").pop() ?? stack;
    if (!PULUMI_STACK_NAME.test(own)) throw new Error(`${JSON.stringify(own)} is not a stack name`);
    return own.replace(/(?:-entra)+$/i, "") || own;
}

/** The vendor's stack for a customer stack (`fabrikam-entra` → `fabrikam`). */
export function vendorStackFor(customerStack: string): string {
    return pairBase(customerStack);
}

/** The customer's stack for a vendor (or full) stack (`fabrikam` → `fabrikam-entra`; `fabrikam-entra` stays). */
export function customerStackFor(vendorStack: string): string {
    return `${pairBase(vendorStack).slice(0, MAX_STACK_NAME - SUFFIX.length)}${SUFFIX}`;
}

/** The connection name a vendor stack of this name gets: `<base>-entra`, once. */
export function connectionNameFor(vendorStack: string): string {
    return defaultConnectionName(pairBase(vendorStack));
}
