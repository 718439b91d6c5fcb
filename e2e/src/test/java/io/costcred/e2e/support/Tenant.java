package io.costcred.e2e.support;

import io.costcred.testsupport.ServiceAccounts;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.List;

/**
 * A namespace user who holds only the chart's ClusterRoles it is given (for example {@code
 * costcred-edit}) through RoleBindings in one namespace: a ServiceAccount there, its bound token
 * from the TokenRequest API, and a fabric8 client that authenticates with nothing else.
 */
public final class Tenant implements AutoCloseable {
  private final String namespace;
  private final String name;
  private final String token;
  private final KubernetesClient client;

  private Tenant(String namespace, String name, String token, KubernetesClient client) {
    this.namespace = namespace;
    this.name = name;
    this.token = token;
    this.client = client;
  }

  /**
   * Creates ServiceAccount {@code name} in {@code namespace}, binds each of {@code clusterRoles} to
   * it in that namespace only, and returns a client authenticated as it.
   */
  public static Tenant create(
      KubernetesClient admin, String namespace, String name, List<String> clusterRoles) {
    admin
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .create();
    for (String role : clusterRoles) {
      admin
          .rbac()
          .roleBindings()
          .inNamespace(namespace)
          .resource(
              new RoleBindingBuilder()
                  .withNewMetadata()
                  .withName(name + "-" + role)
                  .withNamespace(namespace)
                  .endMetadata()
                  .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                  .addNewSubject()
                  .withKind("ServiceAccount")
                  .withName(name)
                  .withNamespace(namespace)
                  .endSubject()
                  .build())
          .create();
    }
    String token = requestToken(admin, namespace, name, null, 3600);
    Config base = admin.getConfiguration();
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(base.getMasterUrl())
            .withCaCertData(caData(base))
            .withOauthToken(token)
            .withNamespace(namespace)
            .withRequestRetryBackoffLimit(0)
            .build();
    return new Tenant(
        namespace, name, token, new KubernetesClientBuilder().withConfig(config).build());
  }

  /** A bound token (TokenRequest) for a ServiceAccount; {@code audience} null: the API server's. */
  public static String requestToken(
      KubernetesClient admin, String namespace, String sa, String audience, long seconds) {
    return ServiceAccounts.token(admin, namespace, sa, audience, Duration.ofSeconds(seconds));
  }

  static String caData(Config base) {
    return ServiceAccounts.caData(base);
  }

  public KubernetesClient client() {
    return client;
  }

  /** The bound token (a secret: scan for it). */
  public String token() {
    return token;
  }

  public String namespace() {
    return namespace;
  }

  /** What the API server calls this user: {@code system:serviceaccount:<ns>:<name>}. */
  public String username() {
    return "system:serviceaccount:" + namespace + ":" + name;
  }

  /** {@code kubectl auth can-i <verb> <group>/<resource> -n <namespace>}, as this user. */
  public boolean canI(String verb, String group, String resource, String inNamespace) {
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withVerb(verb)
            .withGroup(group)
            .withResource(resource)
            .withNamespace(inNamespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    return client
        .authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
  }

  @Override
  public void close() {
    client.close();
  }
}
