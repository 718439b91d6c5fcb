package io.costcred.operator.store.vault;

import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretValue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how {@link VaultKvStore} writes: one KV v2 secret ({@code <mount>/data/<path>}), the
 * keys the operator owns in it, and how it logs in.
 *
 * @param address base URL, e.g. {@code https://vault.vault.svc:8200}
 * @param namespace Vault Enterprise / OpenBao namespace sent as {@code X-Vault-Namespace}, or null
 * @param caBundlePem PEM certificates trusted for TLS (one or more), or null for the JVM defaults
 * @param mount KV v2 mount path without slashes, e.g. {@code secret}
 * @param path secret path below the mount, e.g. {@code team-a/vantage}
 * @param keys secret keys and the credential field each receives; other keys are preserved
 * @param auth how to obtain a Vault token
 * @param timeout connect and request timeout
 */
public record VaultStoreConfig(
    String address,
    String namespace,
    String caBundlePem,
    String mount,
    String path,
    List<KeyMapping> keys,
    Auth auth,
    Duration timeout) {
  public static final String DEFAULT_MOUNT = "secret";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public VaultStoreConfig {
    address = trimSlashes(require(address, "address"), false);
    mount = trimSlashes(mount == null || mount.isBlank() ? DEFAULT_MOUNT : mount, true);
    path = trimSlashes(require(path, "path"), true);
    keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
    if (keys.isEmpty()) {
      throw invalid("keys is empty");
    }
    Objects.requireNonNull(auth, "auth");
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    namespace = namespace == null || namespace.isBlank() ? null : namespace;
    caBundlePem = caBundlePem == null || caBundlePem.isBlank() ? null : caBundlePem;
  }

  /** How the store logs in to Vault. */
  public sealed interface Auth permits KubernetesAuth, AppRoleAuth, TokenAuth {}

  /**
   * Kubernetes auth with a short-lived ServiceAccount token asked for at each login (TokenRequest
   * for the ServiceAccount a connection names, audience {@code vault} by default). Never the
   * operator's own API token.
   *
   * @param role Vault role bound to that ServiceAccount
   * @param mountPath auth mount, default {@code kubernetes}
   * @param jwt gives a fresh token at each login; says in {@link JwtSource#describe()} whose
   */
  public record KubernetesAuth(String role, String mountPath, JwtSource jwt) implements Auth {
    public KubernetesAuth {
      role = require(role, "auth.kubernetes.role");
      mountPath =
          trimSlashes(mountPath == null || mountPath.isBlank() ? "kubernetes" : mountPath, true);
      Objects.requireNonNull(jwt, "jwt");
    }
  }

  /** Where a Kubernetes-auth login token comes from. */
  public interface JwtSource {
    /** A fresh token; throws a typed exception when none can be had. */
    SecretValue token();

    /** Whose token it is, for messages (never the token). */
    String describe();
  }

  /**
   * AppRole auth; the caller reads role id and secret id from a Secret.
   *
   * @param mountPath auth mount, default {@code approle}
   */
  public record AppRoleAuth(String mountPath, SecretValue roleId, SecretValue secretId)
      implements Auth {
    public AppRoleAuth {
      mountPath =
          trimSlashes(mountPath == null || mountPath.isBlank() ? "approle" : mountPath, true);
      Objects.requireNonNull(roleId, "roleId");
      Objects.requireNonNull(secretId, "secretId");
    }

    @Override
    public String toString() {
      return "AppRoleAuth[" + mountPath + "]";
    }
  }

  /** A fixed token: for development only (no renewal, no re-login). */
  public record TokenAuth(SecretValue token) implements Auth {
    public TokenAuth {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "TokenAuth[redacted]";
    }
  }

  private static String require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw invalid(field + " is empty");
    }
    return value.trim();
  }

  private static String trimSlashes(String s, boolean leading) {
    String out = s.trim();
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    while (leading && out.startsWith("/")) {
      out = out.substring(1);
    }
    if (out.isEmpty() || out.contains("..")) {
      throw invalid("'" + s + "' is not a usable Vault path");
    }
    return out;
  }

  private static PermanentException invalid(String message) {
    return new PermanentException(Reasons.INVALID_SPEC, "vault store: " + message);
  }
}
