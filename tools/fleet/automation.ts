/**
 * StackOperations over the Pulumi Automation API: one LocalWorkspace stack per customer, selected in the
 * project directory (the CLI reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` there). Kept thin: all the
 * fleet logic is in runner.ts, which the tests drive with a fake.
 */
import { LocalWorkspace, type EngineEvent, type Stack } from "@pulumi/pulumi/automation";
import type { OperationResult, ProgressEvent, StackConfig, StackOperations, StackOutputs } from "./operations";

export function automationStackOperations(projectDir: string): StackOperations {
    const selected = new Map<string, Promise<Stack>>();
    const select = (stackName: string): Promise<Stack> => {
        let stack = selected.get(stackName);
        if (!stack) {
            stack = LocalWorkspace.selectStack({ stackName, workDir: projectDir });
            selected.set(stackName, stack);
        }
        return stack;
    };
    const listen = (onProgress: (event: ProgressEvent) => void) => ({
        // The raw text is Pulumi's own rendering; progress comes from the structured events instead.
        onOutput: () => undefined,
        onEvent: (event: EngineEvent) => {
            const progress = toProgress(event);
            if (progress) onProgress(progress);
        },
        color: "never" as const,
    });

    return {
        async preview(stack, onProgress): Promise<OperationResult> {
            const result = await (await select(stack)).preview(listen(onProgress));
            return { changes: result.changeSummary };
        },
        async up(stack, onProgress): Promise<OperationResult> {
            const result = await (await select(stack)).up(listen(onProgress));
            return { changes: result.summary.resourceChanges ?? {}, outputs: result.outputs };
        },
        async refresh(stack, onProgress): Promise<OperationResult> {
            const result = await (await select(stack)).refresh(listen(onProgress));
            return { changes: result.summary.resourceChanges ?? {} };
        },
        async outputs(stack): Promise<StackOutputs> {
            return (await select(stack)).outputs();
        },
        async config(stack): Promise<StackConfig> {
            const config = await (await select(stack)).getAllConfig();
            return Object.fromEntries(Object.entries(config).map(([key, c]) => [key, { value: c.value, secret: c.secret ?? false }]));
        },
    };
}

/** Engine events to progress: resource steps (not the stack itself or default providers) and diagnostics. */
export function toProgress(event: EngineEvent): ProgressEvent | undefined {
    const step = event.resourcePreEvent ?? event.resOutputsEvent ?? event.resOpFailedEvent;
    if (step) {
        const { op, urn } = step.metadata;
        if (urn.includes("::pulumi:pulumi:Stack::") || urn.includes("::pulumi:providers:")) return undefined;
        const phase = event.resourcePreEvent ? "start" : event.resOutputsEvent ? "done" : "failed";
        return { type: "step", op, urn, phase };
    }
    const diagnostic = event.diagnosticEvent;
    if (diagnostic && !diagnostic.ephemeral) {
        const severity = diagnostic.severity === "error" ? "error" : diagnostic.severity === "warning" ? "warning" : "info";
        return { type: "diagnostic", severity, message: diagnostic.message.trim() };
    }
    return undefined;
}
