/**
 * A token's fingerprint: enough to tell two tokens apart in state and diffs (so the Entra side can see
 * that the token it holds changed) without keeping the token. A truncated SHA-256 of a 256-bit random
 * value gives nothing away.
 */
import { createHash } from "node:crypto";

export function tokenFingerprint(token: string): string {
    return `sha256:${createHash("sha256").update(token, "utf8").digest("hex").slice(0, 16)}`;
}
