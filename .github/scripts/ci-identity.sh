#!/usr/bin/env bash
# Who a job acts as, from ci-settings.env, and for a stack, in which Entra tenant.
#
#   ci-identity.sh <preview|deploy> [<stack>]
#
# Writes the step outputs (and prints them): pulumi-org, client-id (the role's Entra app),
# pulumi-team (PULUMI_PREVIEW_TEAM: the Pulumi Cloud team with read-only stack access whose token
# the read-only jobs request instead of an organization token), and with a stack also
# tenant-id (`azuread:tenantId` in Pulumi.<stack>.yaml) and stack-name (<org>/<stack>).
# Needs node_modules (js-yaml) for a stack: run it after `npm ci`.
set -euo pipefail
role="${1:?usage: ci-identity.sh <preview|deploy> [<stack>]}"
stack="${2:-}"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=ci-settings.env
source "${here}/ci-settings.env"
cd "$(git rev-parse --show-toplevel)"

fail() { echo "ci-identity: $*" >&2; exit 1; }
GUID='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

case "$role" in
    preview) client_id="${AZURE_CLIENT_ID_PREVIEW:-}" ;;
    deploy) client_id="${AZURE_CLIENT_ID_DEPLOY:-}" ;;
    *) fail "role must be preview or deploy, not '${role}'" ;;
esac
[[ "${PULUMI_ORG:-}" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || fail "set PULUMI_ORG in .github/scripts/ci-settings.env"
[[ "$client_id" =~ $GUID ]] || fail "set AZURE_CLIENT_ID_${role^^} (a client id GUID) in .github/scripts/ci-settings.env"

outputs=("pulumi-org=${PULUMI_ORG}" "client-id=${client_id}")
[[ "${PULUMI_PREVIEW_TEAM:-}" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] ||
    fail "set PULUMI_PREVIEW_TEAM (the read-only Pulumi Cloud team) in .github/scripts/ci-settings.env"
outputs+=("pulumi-team=${PULUMI_PREVIEW_TEAM}")
if [[ -n "$stack" ]]; then
    [[ "$stack" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || fail "bad stack name '${stack}'"
    file="Pulumi.${stack}.yaml"
    [[ -f "$file" ]] || fail "${file} does not exist"
    tenant="$(node -e '
        const yaml = require("js-yaml");
        const doc = yaml.load(require("fs").readFileSync(process.argv[1], "utf8")) || {};
        const value = (doc.config || {})["azuread:tenantId"];
        process.stdout.write(typeof value === "string" ? value : "");
    ' "$file")"
    [[ "$tenant" =~ $GUID ]] || fail "${file} has no azuread:tenantId GUID (got '${tenant}')"
    outputs+=("tenant-id=${tenant}" "stack-name=${PULUMI_ORG}/${stack}")
fi

printf '%s\n' "${outputs[@]}"
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then printf '%s\n' "${outputs[@]}" >>"$GITHUB_OUTPUT"; fi
