# costcred-operator: least-privilege Vault / OpenBao policy for ONE namespace's KV v2 paths.
#
# The same capabilities as vault-policy.hcl, for the paths a ClusterCredentialConnection allows a
# namespace (allowed.vaultPaths: ["secret/data/teams/{namespace}/*"]). Render one policy per
# namespace and attach it to that namespace's Kubernetes auth role (role: costcred-{namespace}),
# so that Vault, not only the operator, keeps each namespace in its own paths:
#
#   ns=finops
#   sed "s/{namespace}/$ns/g" vault-policy-namespace.hcl | vault policy write "costcred-$ns" -
#
# Keep the paths in step with the connection's template and the data/ and metadata/ rules in step
# with each other. Uploaded without rendering, the literal "{namespace}" matches nothing useful.

# Read the latest version; write a new version with check-and-set; soft-delete the latest version
# when a CostCredential with deletionPolicy Delete removes its last key.
path "secret/data/teams/{namespace}/*" {
  capabilities = ["create", "read", "update", "delete"]
}

# current_version (the check-and-set base) and custom_metadata (rotation id and fingerprint; never
# a value).
path "secret/metadata/teams/{namespace}/*" {
  capabilities = ["create", "read", "update"]
}

# Renew the login token before it expires. Already in Vault's "default" policy; listed for roles
# created with token_no_default_policy=true.
path "auth/token/renew-self" {
  capabilities = ["update"]
}
