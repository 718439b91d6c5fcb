# costcred-operator: least-privilege Vault / OpenBao policy for the KV v2 store.
#
# Grants exactly what VaultKvStore does, for secrets under the prefix
# "costcred/" of the KV v2 mount "secret". Change mount and prefix to your
# layout (keep the data/ and metadata/ rules in step); add one pair of rules
# per prefix if CostCredentials write to several.
#
#   bao policy write costcred-operator vault-policy.hcl     (or: vault policy write ...)
#
# The test suite uploads this file unchanged to a real OpenBao server and runs
# the store with it (VaultKvStoreTest).
#
# One policy for every namespace fits a CredentialConnection (the team's own
# login) or a single platform role. For a ClusterCredentialConnection with a
# role per namespace (role: costcred-{namespace}) use vault-policy-namespace.hcl,
# rendered once per namespace, so each role reaches only its namespace's paths.

# Read the latest version; write a new version with check-and-set (create for
# a new secret, update for an existing one); soft-delete the latest version
# when a CostCredential with deletionPolicy Delete removes its last key.
path "secret/data/costcred/*" {
  capabilities = ["create", "read", "update", "delete"]
}

# current_version (the check-and-set base) and custom_metadata (rotation id
# and fingerprint; never a value).
path "secret/metadata/costcred/*" {
  capabilities = ["create", "read", "update"]
}

# Renew the login token before it expires. Already in Vault's "default"
# policy; listed for roles created with token_no_default_policy=true.
path "auth/token/renew-self" {
  capabilities = ["update"]
}
