/**
 * Pure functions over a job's synchronization schema: find the User and Group object mappings, apply
 * our edits and the groups toggle, give back what we no longer manage, and report the live values.
 * Everything we do not manage is left exactly as it came.
 */
import { isDeepStrictEqual } from "node:util";
import type {
    AttributeMapping, AttributeMappingSource, ObjectMapping, SynchronizationRule, SynchronizationSchema,
} from "@microsoft/microsoft-graph-types";
import { blankMapping, TEMPLATE_GROUPS_ENABLED, TEMPLATE_MAPPINGS } from "./defaults";
import { editKey, EditSource, ManagedField, managedFields, MappedObject, MappingEdit } from "./mappingEdits";

/**
 * What a managed field held before we first changed it, recorded in state at create/update and put
 * back on delete. Recording beats assuming the template's defaults: a job someone had customised in
 * the portal before we took over gets its own values back. The documented template values
 * (`TEMPLATE_MAPPINGS`) are only the fallback for state that has no record.
 */
export interface Originals {
    /** The Group object mapping's `enabled`. */
    readonly groupsEnabled?: boolean;
    /** Per edited target: the whole mapping as it was, or null when we added it. */
    readonly mappings: ReadonlyArray<{ readonly object: MappedObject; readonly targetAttributeName: string; readonly mapping: AttributeMapping | null }>;
}

export interface Desired {
    readonly edits: ReadonlyArray<MappingEdit>;
    readonly provisionGroups: boolean;
}

export interface Previous {
    readonly edits: ReadonlyArray<MappingEdit>;
    readonly originals?: Originals;
}

/** The live value of one managed mapping. */
export interface LiveMapping {
    readonly object: MappedObject;
    readonly targetAttributeName: string;
    readonly present: boolean;
    readonly source: EditSource | null;
    readonly matchingPriority: number;
}

export interface LiveState {
    /** The synchronizationRule holding the User object mapping (what provisionOnDemand takes). */
    readonly userRuleId: string;
    readonly provisionGroups: boolean;
    readonly mappings: LiveMapping[];
}

/**
 * `desired` undefined = give everything back (delete). Returns the new schema, whether it differs
 * from `live`, and the originals to keep in state.
 */
export function reconcile(
    live: SynchronizationSchema, desired: Desired | undefined, previous: Previous | undefined,
): { schema: SynchronizationSchema; changed: boolean; originals: Originals } {
    const schema = structuredClone(live);
    const { user, group } = locate(schema);
    const mappingsOf = (object: MappedObject) => (object === "User" ? user : group).attributeMappings ??= [];
    const recorded = new Map((previous?.originals?.mappings ?? []).map((o) => [editKey(o), o.mapping]));
    const ours = new Set((previous?.edits ?? []).map(editKey));
    // What a target held before us; for targets already ours with no record, the template's value.
    const originalOf = (key: string): AttributeMapping | null | undefined =>
        recorded.has(key) ? recorded.get(key)! : ours.has(key) ? TEMPLATE_MAPPINGS[key] : undefined;
    const wanted = new Map((desired?.edits ?? []).map((e) => [editKey(e), new Set(managedFields(e))]));
    // A first apply over a job that already carries our edits (an old instance not yet deleted, or a
    // `state delete` of it) must not record them as the originals: teardown would keep them.
    const carried = previous ? new Set<string>() : carriedEdits(user, group, desired?.edits ?? []);

    for (const edit of previous?.edits ?? []) {
        const key = editKey(edit);
        const released = managedFields(edit).filter((f) => !wanted.get(key)?.has(f));
        if (released.length === 0) continue;
        const original = originalOf(key);
        if (original === undefined) continue; // no record and no documented default: leave it
        const list = mappingsOf(edit.object);
        const index = list.findIndex((m) => m.targetAttributeName === edit.targetAttributeName);
        if (index < 0) continue;
        if (original === null && !wanted.has(key)) list.splice(index, 1); // we added it
        else restoreFields(list[index], original ?? blankMapping(edit.targetAttributeName), released);
    }

    const originals: Originals["mappings"][number][] = [];
    for (const edit of desired?.edits ?? []) {
        const key = editKey(edit);
        const list = mappingsOf(edit.object);
        let current = list.find((m) => m.targetAttributeName === edit.targetAttributeName);
        const known = carried.has(key) ? TEMPLATE_MAPPINGS[key] : originalOf(key);
        const mapping = known !== undefined ? known : current ? structuredClone(current) : null;
        originals.push({ object: edit.object, targetAttributeName: edit.targetAttributeName, mapping });
        if (!current) {
            if (!edit.source) {
                throw new Error(`${edit.object} has no mapping for "${edit.targetAttributeName}" to change; give the edit a source to add one`);
            }
            current = blankMapping(edit.targetAttributeName);
            list.push(current);
        }
        if (edit.source && !sameSource(current.source, edit.source)) current.source = { ...edit.source, parameters: [] };
        if (edit.matchingPriority !== undefined) current.matchingPriority = edit.matchingPriority;
    }

    const groupsEnabled = previous
        ? previous.originals?.groupsEnabled ?? TEMPLATE_GROUPS_ENABLED
        : carried.size > 0 ? TEMPLATE_GROUPS_ENABLED : group.enabled ?? TEMPLATE_GROUPS_ENABLED;
    group.enabled = desired ? desired.provisionGroups : groupsEnabled;

    return { schema, changed: !isDeepStrictEqual(schema, live), originals: { groupsEnabled, mappings: originals } };
}

/** The live values of what `edits` and the groups toggle manage. */
export function readLive(schema: SynchronizationSchema, edits: ReadonlyArray<MappingEdit>): LiveState {
    const { rule, user, group } = locate(schema);
    return {
        userRuleId: rule.id!,
        provisionGroups: group.enabled === true,
        mappings: edits.map((edit) => {
            const mapping = ((edit.object === "User" ? user : group).attributeMappings ?? [])
                .find((m) => m.targetAttributeName === edit.targetAttributeName);
            return {
                object: edit.object,
                targetAttributeName: edit.targetAttributeName,
                present: mapping !== undefined,
                source: mapping?.source ? toEditSource(mapping.source) : null,
                matchingPriority: mapping?.matchingPriority ?? 0,
            };
        }),
    };
}

/** True when the live mapping already holds everything the edit asks for. */
export function satisfies(live: LiveMapping | undefined, edit: MappingEdit): boolean {
    if (!live?.present) return false;
    if (edit.source && !sameSource(live.source, edit.source)) return false;
    return edit.matchingPriority === undefined || live.matchingPriority === edit.matchingPriority;
}

/**
 * The outbound rule and its User and Group object mappings, matched by `sourceObjectName` (the
 * `name` is display text the portal lets people change). Other rules (e.g. inbound ones in other
 * templates) may map an app-side "User" too, so a tie goes to the rule reading from Entra.
 */
function locate(schema: SynchronizationSchema): { rule: SynchronizationRule; user: ObjectMapping; group: ObjectMapping } {
    const byObject = (rule: SynchronizationRule, object: MappedObject) =>
        (rule.objectMappings ?? []).find((m) => m.sourceObjectName === object);
    let rules = (schema.synchronizationRules ?? []).filter((r) => byObject(r, "User"));
    if (rules.length > 1) rules = rules.filter((r) => r.sourceDirectoryName === "Azure Active Directory");
    if (rules.length !== 1) {
        throw new Error(`expected one synchronization rule mapping Entra Users, found ${rules.length}`);
    }
    const rule = rules[0];
    const group = byObject(rule, "Group");
    if (!group) throw new Error(`synchronization rule ${rule.id} (${rule.name}) has no Group object mapping`);
    return { rule, user: byObject(rule, "User")!, group };
}

/**
 * Keys of edits the live schema already holds where the template does not: our own earlier edits
 * (the template's values are known for them). Everything else is recorded as found.
 */
function carriedEdits(user: ObjectMapping, group: ObjectMapping, edits: ReadonlyArray<MappingEdit>): Set<string> {
    const carries = (mapping: AttributeMapping | undefined, edit: MappingEdit) =>
        !!mapping
        && (!edit.source || sameSource(mapping.source, edit.source))
        && (edit.matchingPriority === undefined || (mapping.matchingPriority ?? 0) === edit.matchingPriority);
    const keys = new Set<string>();
    for (const edit of edits) {
        const template = TEMPLATE_MAPPINGS[editKey(edit)];
        const live = ((edit.object === "User" ? user : group).attributeMappings ?? []).find((m) => m.targetAttributeName === edit.targetAttributeName);
        if (template && carries(live, edit) && !carries(template, edit)) keys.add(editKey(edit));
    }
    return keys;
}

function restoreFields(target: AttributeMapping, original: AttributeMapping, fields: ManagedField[]): void {
    for (const field of fields) {
        if (field === "source") target.source = structuredClone(original.source ?? null);
        else target.matchingPriority = original.matchingPriority ?? 0;
    }
}

function sameSource(live: AttributeMappingSource | EditSource | null | undefined, wanted: EditSource): boolean {
    return !!live && live.expression === wanted.expression && live.name === wanted.name && live.type === wanted.type;
}

function toEditSource(source: AttributeMappingSource): EditSource {
    return { expression: source.expression ?? "", name: source.name ?? "", type: source.type ?? "Attribute" };
}
