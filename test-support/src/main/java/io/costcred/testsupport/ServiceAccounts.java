package io.costcred.testsupport;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;

/**
 * Acting as a ServiceAccount on a real cluster: a bound token from the TokenRequest API (a secret:
 * tests scan for it), a client or a kubeconfig file (mode 600) that authenticates with it.
 */
public final class ServiceAccounts {
  private ServiceAccounts() {}

  /** A bound token for {@code namespace/sa}; {@code audience} null: the API server's. */
  public static String token(
      KubernetesClient admin, String namespace, String sa, String audience, Duration ttl) {
    var spec = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(ttl.toSeconds());
    if (audience != null) {
      spec.withAudiences(audience);
    }
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(sa)
        .tokenRequest(spec.endSpec().build())
        .getStatus()
        .getToken();
  }

  /** A bound token for {@code namespace/sa}, valid for an hour. */
  public static String token(KubernetesClient admin, String namespace, String sa) {
    return token(admin, namespace, sa, null, Duration.ofHours(1));
  }

  /** The cluster CA of the admin connection, base64 (read from its file when not inline). */
  public static String caData(Config base) {
    String ca = base.getCaCertData();
    if (ca != null && !ca.isBlank()) {
      return ca;
    }
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(base.getCaCertFile())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client on the admin's cluster that authenticates with {@code token}. */
  public static KubernetesClient client(KubernetesClient admin, String namespace, String token) {
    Config base = admin.getConfiguration();
    Config config =
        new ConfigBuilder()
            .withMasterUrl(base.getMasterUrl())
            .withCaCertData(caData(base))
            .withOauthToken(token)
            .withNamespace(namespace)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Writes {@code file} (created with mode 600; it must not exist): a kubeconfig for the admin's
   * cluster whose one user, {@code user}, authenticates with {@code token} in {@code namespace}.
   */
  public static Path writeKubeconfig(
      KubernetesClient admin, String namespace, String user, String token, Path file) {
    Config base = admin.getConfiguration();
    String yaml =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: local",
            "  cluster:",
            "    server: \"" + base.getMasterUrl() + "\"",
            "    certificate-authority-data: \"" + caData(base) + "\"",
            "users:",
            "- name: \"" + user + "\"",
            "  user:",
            "    token: \"" + token + "\"",
            "contexts:",
            "- name: \"" + user + "\"",
            "  context:",
            "    cluster: local",
            "    user: \"" + user + "\"",
            "    namespace: \"" + namespace + "\"",
            "current-context: \"" + user + "\"",
            "");
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
