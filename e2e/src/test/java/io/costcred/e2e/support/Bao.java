package io.costcred.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.testsupport.OpenBaoServer;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A real OpenBao dev server (127.0.0.1) whose Kubernetes auth method is configured against the
 * local kube-apiserver: OpenBao sends a real TokenReview, authenticated with a token of a reviewer
 * ServiceAccount bound to {@code system:auth-delegator}. The root token is the admin's; it is a
 * secret and never printed.
 */
public final class Bao implements AutoCloseable {
  /** Where KV v2 is mounted in dev mode. */
  public static final String MOUNT = "secret";

  /** The operator's Vault identity in these tests: it may do anything under secret/. */
  public static final String POLICY = "costcred-e2e-broad";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final OpenBaoServer server;
  private final KubernetesClient admin;
  private final String reviewerBinding;
  private final String reviewerToken;

  private Bao(OpenBaoServer server, KubernetesClient admin, String binding, String reviewerToken) {
    this.server = server;
    this.admin = admin;
    this.reviewerBinding = binding;
    this.reviewerToken = reviewerToken;
  }

  /**
   * Starts OpenBao and configures {@code auth/kubernetes} with a reviewer ServiceAccount created in
   * {@code namespace}.
   */
  public static Bao start(KubernetesClient admin, String namespace) {
    OpenBaoServer server = OpenBaoServer.start();
    String sa = "openbao-token-reviewer";
    String binding = "costcred-e2e-openbao-reviewer-" + namespace;
    try {
      admin
          .serviceAccounts()
          .inNamespace(namespace)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName(sa)
                  .withNamespace(namespace)
                  .endMetadata()
                  .build())
          .create();
      admin
          .rbac()
          .clusterRoleBindings()
          .resource(
              new ClusterRoleBindingBuilder()
                  .withNewMetadata()
                  .withName(binding)
                  .addToLabels("costcred.io/e2e", "true")
                  .endMetadata()
                  .withNewRoleRef(
                      "rbac.authorization.k8s.io", "ClusterRole", "system:auth-delegator")
                  .addNewSubject()
                  .withKind("ServiceAccount")
                  .withName(sa)
                  .withNamespace(namespace)
                  .endSubject()
                  .build())
          .create();
      String reviewer = Tenant.requestToken(admin, namespace, sa, null, 3600);
      String ca =
          new String(
              Base64.getDecoder().decode(Tenant.caData(admin.getConfiguration())),
              StandardCharsets.UTF_8);
      String host = admin.getConfiguration().getMasterUrl().replaceAll("/+$", "");
      server.ok("POST", "sys/auth/kubernetes", "{\"type\":\"kubernetes\"}");
      server.ok(
          "POST",
          "auth/kubernetes/config",
          json(
              Map.of(
                  "kubernetes_host", host,
                  "kubernetes_ca_cert", ca,
                  "token_reviewer_jwt", reviewer,
                  "disable_local_ca_jwt", true)));
      server.ok(
          "PUT",
          "sys/policies/acl/" + POLICY,
          json(
              Map.of(
                  "policy",
                  "path \"secret/*\" { capabilities = [\"create\", \"read\", \"update\","
                      + " \"patch\", \"delete\", \"list\"] }")));
      return new Bao(server, admin, binding, reviewer);
    } catch (RuntimeException e) {
      server.close();
      admin.rbac().clusterRoleBindings().withName(binding).delete();
      throw e;
    }
  }

  /**
   * A Kubernetes auth role with the broad policy for the given ServiceAccounts; {@code audience}
   * (may be null) is what OpenBao asks the TokenReview to check.
   */
  public void kubernetesRole(String role, String saName, String saNamespace, String audience) {
    Map<String, Object> body =
        new java.util.LinkedHashMap<>(
            Map.of(
                "bound_service_account_names", List.of(saName),
                "bound_service_account_namespaces", List.of(saNamespace),
                "token_policies", List.of(POLICY),
                "token_ttl", "10m"));
    if (audience != null) {
      body.put("audience", audience);
    }
    server.ok("POST", "auth/kubernetes/role/" + role, json(body));
  }

  /** Logs in with a JWT as OpenBao's Kubernetes auth would; returns the HTTP status. */
  public int login(String role, String jwt) {
    return server
        .call("POST", "auth/kubernetes/login", json(Map.of("role", role, "jwt", jwt)), "")
        .status();
  }

  /** Writes a KV v2 secret as the admin. */
  public void put(String path, Map<String, String> data) {
    server.ok("POST", MOUNT + "/data/" + path, json(Map.of("data", data)));
  }

  /** The latest version of a KV v2 secret ({@code data}, {@code metadata}), or null. */
  public JsonNode read(String path) {
    OpenBaoServer.Answer a = server.call("GET", MOUNT + "/data/" + path, null);
    if (a.status() == 404) {
      return null;
    }
    if (a.status() != 200) {
      throw new IllegalStateException("read " + path + " answered " + a.status());
    }
    return parse(a.body()).path("data");
  }

  /** KV v2 metadata (versions, current_version), or null. */
  public JsonNode metadata(String path) {
    OpenBaoServer.Answer a = server.call("GET", MOUNT + "/metadata/" + path, null);
    return a.status() == 404 ? null : parse(a.body()).path("data");
  }

  public String address() {
    return server.address();
  }

  public int port() {
    return Integer.parseInt(server.address().replaceAll(".*:", ""));
  }

  /** Secrets of this server (root token, reviewer token), for the leak scan. */
  public List<String> secrets() {
    return List.of(server.rootToken(), reviewerToken);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("OpenBao answered no JSON", e);
    }
  }

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    admin.rbac().clusterRoleBindings().withName(reviewerBinding).delete();
  }
}
