/**
 * The dynamic provider behind `ReplacementGuard`: it holds settings that the vendors can only change
 * by deleting and recreating something valuable (an Auth0 connection's name: every user in it), and
 * fails the preview or `up`, before anything is touched, when one of them changes while protection
 * is on. The resources it guards depend on it, so the engine diffs it first. No API calls.
 */
import type * as pulumi from "@pulumi/pulumi";

export interface GuardedSetting {
    readonly value: string;
    /** The config key that sets it, for the way out. */
    readonly configKey: string;
    /** What a replacement would destroy, in a sentence. */
    readonly loss: string;
}

export interface ReplacementGuardInputs {
    readonly settings: Record<string, GuardedSetting>;
    /** False while resources are protected: a change is refused. */
    readonly allowReplacement: boolean;
}

export class ReplacementGuardProvider implements pulumi.dynamic.ResourceProvider<ReplacementGuardInputs, ReplacementGuardInputs> {
    async diff(_id: string, olds: ReplacementGuardInputs, news: ReplacementGuardInputs): Promise<pulumi.dynamic.DiffResult> {
        const changed = Object.keys(news.settings ?? {}).filter((name) => {
            const before = olds.settings?.[name]?.value;
            return before !== undefined && before !== news.settings[name].value;
        });
        if (changed.length > 0 && !news.allowReplacement) {
            throw new Error(changed.map((name) => refusal(name, olds.settings[name], news.settings[name])).join("\n"));
        }
        const metadataChanged = JSON.stringify(olds) !== JSON.stringify(news);
        return { changes: changed.length > 0 || metadataChanged, replaces: [], deleteBeforeReplace: false };
    }

    async create(inputs: ReplacementGuardInputs): Promise<pulumi.dynamic.CreateResult<ReplacementGuardInputs>> {
        return { id: "replacement-guard", outs: inputs };
    }

    async update(_id: string, _olds: ReplacementGuardInputs, news: ReplacementGuardInputs): Promise<pulumi.dynamic.UpdateResult<ReplacementGuardInputs>> {
        return { outs: news };
    }
}

function refusal(name: string, before: GuardedSetting, after: GuardedSetting): string {
    return (
        `${after.configKey} would change ${name} from ${JSON.stringify(before.value)} to ${JSON.stringify(after.value)}, ` +
        `which can only be done by replacement: ${after.loss} Nothing was changed. ` +
        `To keep it: pulumi config set ${after.configKey} ${before.value}. ` +
        `To replace it deliberately: pulumi config set auth0-entra-scim:protect false, run pulumi up, then set protect back to true.`
    );
}
