#!/usr/bin/env bash
# Runs a command that works on many customer stacks, hence many Entra tenants, in one job (the fleet
# commands), signed in to Azure with GitHub OIDC instead of a secret:
#
#   with-azure-oidc.sh npm run fleet -- health --all
#   with-azure-oidc.sh --preview npm run fleet -- preview --all --refresh --expect-no-changes
#
# It sets ARM_USE_OIDC=true and ARM_CLIENT_ID to AZURE_CLIENT_ID_DEPLOY from ci-settings.env
# (AZURE_CLIENT_ID_PREVIEW with --preview: the read-only drift check): the
# azuread provider and this package's Entra clients (providers/entra/credentials.ts) then request a
# GitHub OIDC token (audience api://AzureADTokenExchange, from ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN)
# whenever they need an Azure token, and exchange it in the stack's own tenant (its
# `azuread:tenantId`). The app registration is multi-tenant, consented in each customer's tenant, with
# a federated credential for this repository. Needs `permissions: id-token: write`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=ci-settings.env
source "${here}/ci-settings.env"
role=DEPLOY
if [[ "${1:-}" == "--preview" ]]; then role=PREVIEW; shift; fi
client_var="AZURE_CLIENT_ID_${role}"
client_id="${!client_var:-}"
[[ "$client_id" =~ ^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$ ]] ||
    { echo "with-azure-oidc: set ${client_var} in .github/scripts/ci-settings.env" >&2; exit 1; }
[[ -n "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" && -n "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-}" ]] ||
    { echo "with-azure-oidc: no GitHub OIDC token endpoint: the job needs permissions: id-token: write" >&2; exit 1; }
(($# > 0)) || { echo "usage: with-azure-oidc.sh <command> [args...]" >&2; exit 2; }

export ARM_USE_OIDC=true ARM_CLIENT_ID="$client_id"
exec "$@"
