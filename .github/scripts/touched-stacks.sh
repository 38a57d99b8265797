#!/usr/bin/env bash
# Which customer stacks a change touches.
#
#   touched-stacks.sh <base-rev> [<head-rev>]   stacks touched between base and head (default HEAD)
#   touched-stacks.sh --all                     every stack
#
# A stack is a Pulumi.<stack>.yaml at the repository root. A changed Pulumi.<x>.yaml touches x. A
# change to what every stack runs touches all of them: any *.ts outside test/ and bench/,
# components/, providers/, policy/, Pulumi.yaml, package.json, package-lock.json, tsconfig.json.
# Anything else (docs, tests, workflows) touches none. A base that is empty, all zeros (a new
# branch) or not a commit here (a force push) touches all. A stack file with the line
# `# auth0-entra-scim: example stack, never deployed` (Pulumi.dev.yaml) is never touched.
#
# Prints the touched stacks as a JSON array on stdout. In GitHub Actions it also writes the step
# outputs stacks (JSON array), count, any (true/false), all (true/false) and removed (JSON array of
# stacks whose file the change deletes: CI never destroys them).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

STACK_FILE='^Pulumi\.([A-Za-z0-9][A-Za-z0-9._-]*)\.yaml$'

EXAMPLE_MARKER='^# auth0-entra-scim: example stack, never deployed$'

is_example() {
    grep -qE "$EXAMPLE_MARKER" "$1" 2>/dev/null
}

existing_stacks() {
    local file
    for file in Pulumi.*.yaml; do
        [[ -f "$file" && "$file" =~ $STACK_FILE ]] && ! is_example "$file" && printf '%s\n' "${BASH_REMATCH[1]}"
    done
    return 0
}

touches_all() {
    case "$1" in
        test/* | bench/*) return 1 ;;
        *.ts | components/* | providers/* | policy/* | Pulumi.yaml | package.json | package-lock.json | tsconfig.json) return 0 ;;
        *) return 1 ;;
    esac
}

json_array() {
    local first=1 item
    printf '['
    for item in "$@"; do
        if ((first)); then first=0; else printf ','; fi
        printf '"%s"' "$item" # names match STACK_FILE: nothing to escape
    done
    printf ']'
}

all=false
declare -a touched=() removed=()
if [[ "${1:-}" == "--all" ]]; then
    all=true
else
    base="${1:-}"
    head="${2:-HEAD}"
    if [[ -z "$base" || "$base" =~ ^0+$ ]] || ! git cat-file -e "${base}^{commit}" 2>/dev/null; then
        echo "touched-stacks: base '${base}' is not a commit here: every stack is touched" >&2
        all=true
    else
        while IFS= read -r file; do
            if [[ "$file" =~ $STACK_FILE ]]; then
                stack="${BASH_REMATCH[1]}"
                if [[ -f "$file" ]]; then
                    is_example "$file" || touched+=("$stack")
                else
                    removed+=("$stack")
                fi
            elif touches_all "$file"; then
                echo "touched-stacks: ${file} changed: every stack is touched" >&2
                all=true
            fi
        done < <(git diff --name-only --no-renames "$base" "$head" --)
    fi
fi

if [[ "$all" == true ]]; then
    mapfile -t touched < <(existing_stacks)
else
    mapfile -t touched < <(printf '%s\n' "${touched[@]+"${touched[@]}"}" | sed '/^$/d' | sort -u)
fi

stacks_json="$(json_array "${touched[@]+"${touched[@]}"}")"
removed_json="$(json_array "${removed[@]+"${removed[@]}"}")"
count="${#touched[@]}"
echo "touched-stacks: ${count} stack(s): ${stacks_json}; removed: ${removed_json}" >&2
printf '%s\n' "$stacks_json"

if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
    {
        echo "stacks=${stacks_json}"
        echo "count=${count}"
        echo "any=$([[ "$count" -gt 0 ]] && echo true || echo false)"
        echo "all=${all}"
        echo "removed=${removed_json}"
    } >>"$GITHUB_OUTPUT"
fi
