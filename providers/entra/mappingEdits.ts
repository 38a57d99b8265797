/**
 * Attribute-mapping edits as plain data (so they show in preview diffs), and their validation.
 */

export type MappedObject = "User" | "Group";
export type SourceType = "Attribute" | "Constant" | "Function";

/** An attribute-mapping source as the portal's "Edit Attribute" screen sets it. */
export interface EditSource {
    /** e.g. `[objectId]`, `"constant"`, `Join(" ", [givenName], [surname])`. */
    readonly expression: string;
    /** The attribute, constant or function name, e.g. `objectId`. */
    readonly name: string;
    readonly type: SourceType;
}

/**
 * One change to the Entra → SCIM attribute mappings. Only the fields given are managed; an edit for a
 * target that has no mapping yet adds one (and then needs a `source`).
 */
export interface MappingEdit {
    /** The Entra object whose mapping to edit: the "Provision Microsoft Entra ID Users" or "…Groups" mapping. */
    readonly object: MappedObject;
    /** The SCIM attribute, e.g. `externalId` or `emails[type eq "work"].value`. */
    readonly targetAttributeName: string;
    readonly source?: EditSource;
    /** "Match objects using this attribute" with this precedence (1 is tried first). */
    readonly matchingPriority?: number;
}

export type ManagedField = "source" | "matchingPriority";

export function editKey(edit: { object: string; targetAttributeName: string }): string {
    return `${edit.object}/${edit.targetAttributeName}`;
}

export function managedFields(edit: MappingEdit): ManagedField[] {
    const fields: ManagedField[] = [];
    if (edit.source !== undefined) fields.push("source");
    if (edit.matchingPriority !== undefined) fields.push("matchingPriority");
    return fields;
}

// Arrays, not Sets: Pulumi's closure serialiser (which ships this code in state) cannot carry a Set.
const OBJECTS: ReadonlyArray<unknown> = ["User", "Group"];
const SOURCE_TYPES: ReadonlyArray<unknown> = ["Attribute", "Constant", "Function"];

/** Readable problems with a list of edits (e.g. from stack config); empty when it is fine. */
export function validateMappingEdits(edits: unknown): string[] {
    if (!Array.isArray(edits)) return ["mappingEdits must be a list of edits"];
    const problems: string[] = [];
    const targets = new Set<string>();
    const priorities = new Map<string, string>();
    edits.forEach((edit: any, i) => {
        const at = `mappingEdits[${i}]`;
        if (edit === null || typeof edit !== "object" || Array.isArray(edit)) {
            problems.push(`${at} must be an object`);
            return;
        }
        if (!OBJECTS.includes(edit.object)) problems.push(`${at}.object must be "User" or "Group", got ${JSON.stringify(edit.object)}`);
        if (typeof edit.targetAttributeName !== "string" || edit.targetAttributeName.trim() === "") {
            problems.push(`${at}.targetAttributeName is missing`);
        } else {
            const key = editKey(edit);
            if (targets.has(key)) problems.push(`${at} edits ${edit.object} "${edit.targetAttributeName}" a second time`);
            targets.add(key);
        }
        if (edit.source === undefined && edit.matchingPriority === undefined) {
            problems.push(`${at} changes nothing: give a source, a matchingPriority or both`);
        }
        if (edit.source !== undefined) problems.push(...sourceProblems(edit.source, `${at}.source`));
        if (edit.matchingPriority !== undefined) {
            if (!Number.isInteger(edit.matchingPriority) || edit.matchingPriority < 1) {
                problems.push(`${at}.matchingPriority must be a positive integer, got ${JSON.stringify(edit.matchingPriority)}`);
            } else {
                const key = `${edit.object}/${edit.matchingPriority}`;
                const other = priorities.get(key);
                if (other) problems.push(`${at} uses matching precedence ${edit.matchingPriority} already given to ${other}`);
                priorities.set(key, String(edit.targetAttributeName));
            }
        }
    });
    return problems;
}

function sourceProblems(source: any, at: string): string[] {
    if (source === null || typeof source !== "object") return [`${at} must be {expression, name, type}`];
    const problems: string[] = [];
    for (const field of ["expression", "name"]) {
        if (typeof source[field] !== "string" || source[field] === "") problems.push(`${at}.${field} is missing`);
    }
    if (!SOURCE_TYPES.includes(source.type)) {
        problems.push(`${at}.type must be "Attribute", "Constant" or "Function", got ${JSON.stringify(source.type)}`);
    }
    return problems;
}
