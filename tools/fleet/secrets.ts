/**
 * Everything the fleet tools print or write goes through one Masker: it learns every secret value of
 * the stacks it has seen (secret outputs, `scimToken` whatever its flag, secret config) and blots them
 * out of any text, plus anything that looks like a bearer token.
 */
import type { StackConfig, StackOutputs } from "./operations";

export const MASK = "[secret]";

/** Outputs that are secrets even if a backend forgot the flag. */
const ALWAYS_SECRET_OUTPUTS = ["scimToken"];

export class Masker {
    private readonly secrets = new Set<string>();

    /** Remembers a secret value (strings of 4 characters or more; shorter ones would mangle the text). */
    add(value: unknown): void {
        if (typeof value === "string") {
            if (value.length >= 4) this.secrets.add(value);
        } else if (Array.isArray(value)) {
            value.forEach((v) => this.add(v));
        } else if (value && typeof value === "object") {
            Object.values(value).forEach((v) => this.add(v));
        } else if (typeof value === "number" && String(value).length >= 4) {
            this.secrets.add(String(value));
        }
    }

    addOutputs(outputs: StackOutputs | undefined): void {
        for (const [key, output] of Object.entries(outputs ?? {})) {
            if (output.secret || ALWAYS_SECRET_OUTPUTS.includes(key)) this.add(output.value);
        }
    }

    addConfig(config: StackConfig | undefined): void {
        for (const entry of Object.values(config ?? {})) {
            if (entry.secret) this.add(entry.value);
        }
    }

    mask(text: string): string {
        let out = text;
        // Longest first, so a secret containing another is blotted out whole.
        for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
            out = out.split(secret).join(MASK);
        }
        return out.replace(/(Bearer\s+)[\w\-.~+/]+=*/gi, `$1${MASK}`);
    }
}

/** Outputs safe to show: secret ones (and `scimToken`) replaced by the mask. */
export function maskedOutputs(outputs: StackOutputs | undefined): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(outputs ?? {}).map(([key, output]) => [
            key,
            output.secret || ALWAYS_SECRET_OUTPUTS.includes(key) ? MASK : output.value,
        ]),
    );
}
