#!/usr/bin/env bash
# The PR comment: the offline plan diff (`npm run plan -- --diff`, no credentials) of the stacks a
# change touches, as markdown on stdout, starting with the hidden marker the comment step finds the
# comment by. Inputs come from the environment (the outputs of touched-stacks.sh):
#
#   BASE_SHA      the revision to diff against (the merge base of the PR)
#   ALL           "true" when every stack is touched (then `--all`)
#   STACKS        JSON array of touched stacks, e.g. ["contoso","fabrikam"]
#   REMOVED       JSON array of stacks whose file the change deletes (optional)
#
# Exits with the plan's exit code (the comment is written either way).
set -euo pipefail
: "${BASE_SHA:?BASE_SHA is required}"
ALL="${ALL:-false}"
STACKS="${STACKS:-[]}"
REMOVED="${REMOVED:-[]}"

# Stack names match [A-Za-z0-9._-]+ (touched-stacks.sh), so a JSON array of them splits on commas.
json_list() { tr -d '[]" ' <<<"$1" | tr ',' '\n' | sed '/^$/d'; }
mapfile -t stacks < <(json_list "$STACKS")
mapfile -t removed < <(json_list "$REMOVED")

export npm_config_loglevel=silent # no "> script" banner in the comment

echo "<!-- auth0-entra-scim:plan-diff -->"
echo "## Plan diff against \`${BASE_SHA:0:12}\`"
echo
status=0
if [[ "$ALL" == true ]]; then
    echo "Every stack is touched (a change outside the stack files)."
    echo
    npm run plan -- --diff "$BASE_SHA" --all || status=$?
elif ((${#stacks[@]} > 0)); then
    args=()
    for stack in "${stacks[@]}"; do args+=(--stack "$stack"); done
    echo "Touched stacks: $(printf '`%s` ' "${stacks[@]}")"
    echo
    npm run plan -- --diff "$BASE_SHA" "${args[@]}" || status=$?
else
    echo "No stack is touched by this change."
fi
if ((${#removed[@]} > 0)); then
    echo
    echo "Stack files deleted: $(printf '`%s` ' "${removed[@]}"). CI does not destroy stacks: run \`pulumi destroy\` and \`pulumi stack rm\` for them by hand."
fi
if ((status == 3)); then
    # Exit 3: the plan ran and flagged a change that needs a reviewer's attention (the ⚠ lines above).
    echo
    echo "**Changes need attention (a protected replacement or a token rotation): see the flags above.**"
    status=0
elif ((status != 0)); then
    echo
    echo "**The plan failed (exit ${status}); see the job log.**"
fi
exit "$status"
