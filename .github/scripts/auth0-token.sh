#!/usr/bin/env bash
# One Auth0 Management API token for a whole job, instead of one per provider process per stack (the
# Auth0 provider and each of this package's dynamic providers would otherwise each exchange the M2M
# credentials, every preview, refresh and up): the daily jobs would spend the tenant's M2M token quota.
#
#   auth0-token.sh <deploy|teardown>
#
# Opens the Pulumi ESC environment of the role (ci-settings.env: AUTH0_ESC_ENV, the CI client without
# delete:connections and delete:scim_config; AUTH0_TEARDOWN_ESC_ENV, the teardown client that has
# them) with `pulumi env run`, exchanges its AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET once at
# https://$AUTH0_DOMAIN/oauth/token, masks the token in the job's log and exports it as
# AUTH0_API_TOKEN (GITHUB_ENV) for the job's later steps. AUTH0_API_TOKEN in the environment wins over
# client credentials in stack config, for the Auth0 provider and for the dynamic providers alike
# (docs/credentials.md). The token is never printed.
#
#   auth0-token.sh --mint    (inside `pulumi env run`): prints the token on stdout, nothing else.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fail() { echo "auth0-token: $*" >&2; exit 1; }

if [[ "${1:-}" == "--mint" ]]; then
    for name in AUTH0_DOMAIN AUTH0_CLIENT_ID AUTH0_CLIENT_SECRET; do
        [[ -n "${!name:-}" ]] || fail "${name} is not set by the ESC environment (environmentVariables)"
    done
    [[ "$AUTH0_DOMAIN" =~ ^[A-Za-z0-9.-]+(:[0-9]+)?$ ]] || fail "AUTH0_DOMAIN is not a bare hostname"
    audience="${AUTH0_AUDIENCE:-https://${AUTH0_DOMAIN}/api/v2/}"
    # The secret goes on stdin, never on a command line (other processes can read those).
    answer="$(printf '%s' "$AUTH0_CLIENT_SECRET" | curl -fsS --max-time 30 --retry 3 \
        --data-urlencode "grant_type=client_credentials" \
        --data-urlencode "client_id=${AUTH0_CLIENT_ID}" \
        --data-urlencode "client_secret@-" \
        --data-urlencode "audience=${audience}" \
        "${AUTH0_TOKEN_URL:-https://${AUTH0_DOMAIN}/oauth/token}")" || fail "Auth0 refused the token request (check the client id, secret and audience)"
    token="$(printf '%s' "$answer" | node -e '
        let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
            try { const t = JSON.parse(s).access_token; if (typeof t === "string" && t) { process.stdout.write(t); return; } } catch {}
            process.exit(1);
        });')" || fail "Auth0's answer has no access_token"
    printf '%s' "$token"
    exit 0
fi

role="${1:?usage: auth0-token.sh <deploy|teardown>}"
# shellcheck source=ci-settings.env
source "${here}/ci-settings.env"
case "$role" in
    deploy) environment="${AUTH0_ESC_ENV:-}" ;;
    teardown) environment="${AUTH0_TEARDOWN_ESC_ENV:-}" ;;
    *) fail "role must be deploy or teardown, not '${role}'" ;;
esac
[[ "${PULUMI_ORG:-}" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || fail "set PULUMI_ORG in .github/scripts/ci-settings.env"
[[ "$environment" =~ ^[A-Za-z0-9][A-Za-z0-9_./-]*$ ]] || fail "set the ${role} ESC environment (AUTH0_ESC_ENV / AUTH0_TEARDOWN_ESC_ENV) in .github/scripts/ci-settings.env"
[[ -n "${GITHUB_ENV:-}" ]] || fail "GITHUB_ENV is not set: run this in a GitHub Actions job"

token="$("${PULUMI_COMMAND:-pulumi}" env run "${PULUMI_ORG}/${environment}" -- "${here}/auth0-token.sh" --mint)" || fail "could not mint a token from ESC environment ${PULUMI_ORG}/${environment}"
[[ -n "$token" && "$token" != *$'\n'* ]] || fail "the minted token is empty or malformed"
echo "::add-mask::${token}"
echo "AUTH0_API_TOKEN=${token}" >>"$GITHUB_ENV"
echo "auth0-token: one Management API token for this job (${role}, from ESC environment ${environment}), in AUTH0_API_TOKEN"
