package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.AwsConnectionSpec;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.VaultAuthSpec;
import io.costcred.operator.api.v1alpha1.VaultKubernetesAuthSpec;
import io.costcred.operator.connection.ResolvedConnection;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretRefs;
import io.costcred.operator.store.aws.AwsConnection;
import io.costcred.operator.store.vault.VaultStoreConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.List;

/**
 * Turns a resolved connection into what the Vault and AWS clients need, reading its Secrets from
 * the connection's own secret namespace only (the operator's for a platform connection, the
 * tenant's for a namespaced one).
 */
final class ConnectionClients {
  private final KubernetesClient client;
  private final SecretRefs refs;

  ConnectionClients(KubernetesClient client, SecretRefs refs) {
    this.client = client;
    this.refs = refs;
  }

  /** How to log in to the connection's Vault. */
  VaultStoreConfig.Auth vaultAuth(ResolvedConnection c) {
    VaultAuthSpec a = c.vault().getAuth();
    String ns = c.secretNamespace();
    if (a == null) {
      throw invalid(c.describe() + " has no vault.auth");
    }
    VaultAuthSpec.Kind kind =
        a.kind()
            .orElseThrow(
                () -> invalid(c.describe() + ": exactly one Vault auth method must be set"));
    return switch (kind) {
      case KUBERNETES -> kubernetesAuth(c, a.getKubernetes());
      case APP_ROLE ->
          new VaultStoreConfig.AppRoleAuth(
              a.getAppRole().getMountPath(),
              refs.read(ns, a.getAppRole().getRoleIdSecretRef(), "role-id"),
              refs.read(ns, a.getAppRole().getSecretIdSecretRef(), "secret-id"));
      case TOKEN_SECRET_REF ->
          new VaultStoreConfig.TokenAuth(refs.read(ns, a.getTokenSecretRef(), "token"));
    };
  }

  private VaultStoreConfig.Auth kubernetesAuth(ResolvedConnection c, VaultKubernetesAuthSpec k) {
    if (k.getServiceAccountRef() == null || k.getServiceAccountRef().getName() == null) {
      throw invalid(c.describe() + ": vault.auth.kubernetes.serviceAccountRef is required");
    }
    String saNamespace =
        c.clusterScoped() ? k.getServiceAccountRef().getNamespace() : c.tenantNamespace();
    if (saNamespace == null || saNamespace.isBlank()) {
      throw invalid(c.describe() + ": serviceAccountRef.namespace is required");
    }
    // A tenant's connection cannot pick audiences: an API-server audience would make the token
    // usable against the API server.
    List<String> audiences =
        c.clusterScoped() ? k.getAudiences() : ServiceAccountTokens.DEFAULT_AUDIENCES;
    return new VaultStoreConfig.KubernetesAuth(
        c.expand(k.getRole()),
        k.getMountPath(),
        new ServiceAccountTokens(
            client,
            saNamespace,
            k.getServiceAccountRef().getName(),
            audiences,
            k.getExpirationSeconds()));
  }

  /**
   * The AWS account, region and identity of the connection. Without keys it is the operator's
   * default chain: {@link io.costcred.operator.connection.ConnectionResolver} has already refused a
   * tenant's connection that names none.
   */
  AwsConnection aws(ResolvedConnection c) {
    AwsConnectionSpec a = c.aws();
    String ns = c.secretNamespace();
    AwsConnection.Credentials base = new AwsConnection.DefaultChain();
    if (a.getAccessKeyIdSecretRef() != null) {
      base =
          new AwsConnection.StaticKeys(
              refs.read(ns, a.getAccessKeyIdSecretRef(), "AWS_ACCESS_KEY_ID"),
              refs.read(ns, a.getSecretAccessKeySecretRef(), "AWS_SECRET_ACCESS_KEY"));
    }
    AwsConnection.Credentials creds =
        a.getRoleArn() == null || a.getRoleArn().isBlank()
            ? base
            : new AwsConnection.AssumeRole(
                c.expand(a.getRoleArn()), c.externalId(), sessionName(c), base);
    String endpoint = a.getEndpoint();
    return new AwsConnection(
        a.getRegion(),
        endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint),
        creds,
        null,
        0);
  }

  /** Shown in CloudTrail: which namespace the session acted for (at most 64 characters). */
  private static String sessionName(ResolvedConnection c) {
    String name = "costcred-" + c.tenantNamespace();
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  private static PermanentException invalid(String message) {
    return new PermanentException(Reasons.INVALID_SPEC, message);
  }
}
