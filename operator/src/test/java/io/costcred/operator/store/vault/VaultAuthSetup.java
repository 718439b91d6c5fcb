package io.costcred.operator.store.vault;

import io.costcred.operator.core.SecretValue;
import io.costcred.testsupport.OpenBaoServer;
import io.costcred.testsupport.PeerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * AppRole auth on a test OpenBao server, with the shipped least-privilege policy ({@code
 * docs/policies/vault-policy.hcl}, uploaded unchanged) and 60-second tokens.
 */
final class VaultAuthSetup {
  static final String POLICY = "costcred-operator";
  private static final Map<String, VaultAuthSetup> DONE = new HashMap<>();

  private final OpenBaoServer bao;
  private final Map<String, String> roleIds = new HashMap<>();
  private final Map<String, String> secretIds = new HashMap<>();

  private VaultAuthSetup(OpenBaoServer bao) {
    this.bao = bao;
  }

  static synchronized VaultAuthSetup on(OpenBaoServer bao) {
    return DONE.computeIfAbsent(
        bao.address(),
        a -> {
          String hcl;
          try {
            hcl =
                Files.readString(PeerProcess.repoRoot().resolve("docs/policies/vault-policy.hcl"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          bao.ok("PUT", "sys/policies/acl/" + POLICY, "{\"policy\":" + quote(hcl) + "}");
          bao.ok("POST", "sys/auth/approle", "{\"type\":\"approle\"}");
          return new VaultAuthSetup(bao);
        });
  }

  /** Login data of a role with the policy and a 60 s token TTL (10 min max). */
  synchronized VaultStoreConfig.Auth appRole(String role) {
    if (!roleIds.containsKey(role)) {
      bao.ok(
          "POST",
          "auth/approle/role/" + role,
          "{\"token_policies\":\""
              + POLICY
              + "\",\"token_ttl\":\"60s\",\"token_max_ttl\":\"10m\"}");
      roleIds.put(
          role,
          KvAdmin.parse(bao.ok("GET", "auth/approle/role/" + role + "/role-id", null))
              .path("data")
              .path("role_id")
              .asText());
      secretIds.put(
          role,
          KvAdmin.parse(bao.ok("POST", "auth/approle/role/" + role + "/secret-id", "{}"))
              .path("data")
              .path("secret_id")
              .asText());
    }
    return new VaultStoreConfig.AppRoleAuth(
        "approle", SecretValue.of(roleIds.get(role)), SecretValue.of(secretIds.get(role)));
  }

  String roleId(String role) {
    appRole(role);
    return roleIds.get(role);
  }

  String secretId(String role) {
    appRole(role);
    return secretIds.get(role);
  }

  /** Revokes every token issued by AppRole logins (as an admin would after an incident). */
  void revokeAppRoleTokens() {
    bao.ok("PUT", "sys/leases/revoke-prefix/auth/approle/login", "{}");
  }

  private static String quote(String s) {
    return "\""
        + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t")
        + "\"";
  }
}
