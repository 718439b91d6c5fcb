package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.store.vault.VaultStoreConfig;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/**
 * A short-lived token for a named ServiceAccount, asked for at each Vault login with TokenRequest:
 * audience {@code vault} (or what a platform connection names), expiry 10 minutes by default. The
 * operator's own API-server token is never sent anywhere.
 */
final class ServiceAccountTokens implements VaultStoreConfig.JwtSource {
  static final List<String> DEFAULT_AUDIENCES = List.of("vault");
  static final long DEFAULT_EXPIRATION_SECONDS = 600;

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final List<String> audiences;
  private final long expirationSeconds;

  ServiceAccountTokens(
      KubernetesClient client,
      String namespace,
      String name,
      List<String> audiences,
      Long expirationSeconds) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.audiences =
        audiences == null || audiences.isEmpty() ? DEFAULT_AUDIENCES : List.copyOf(audiences);
    this.expirationSeconds =
        expirationSeconds == null ? DEFAULT_EXPIRATION_SECONDS : expirationSeconds;
  }

  @Override
  public SecretValue token() {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withAudiences(audiences)
            .withExpirationSeconds(expirationSeconds)
            .endSpec()
            .build();
    try {
      TokenRequest answer =
          client.serviceAccounts().inNamespace(namespace).withName(name).tokenRequest(request);
      String token =
          answer == null || answer.getStatus() == null ? null : answer.getStatus().getToken();
      if (token == null || token.isEmpty()) {
        throw new TransientException(
            Reasons.KUBERNETES_API_ERROR, "TokenRequest for " + describe() + " returned no token");
      }
      return SecretValue.of(token);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw new NotFoundException(
            Reasons.CONNECTION_NOT_ALLOWED, "ServiceAccount " + describe() + " does not exist");
      }
      if (e.getCode() == 403) {
        throw new PermanentException(
            Reasons.CONNECTION_NOT_ALLOWED,
            "the operator may not request tokens for ServiceAccount "
                + describe()
                + " (serviceaccounts/token create; see the chart's vault.serviceAccounts and"
                + " rbac.tenantServiceAccountTokens values)");
      }
      throw new TransientException(
          Reasons.KUBERNETES_API_ERROR,
          "TokenRequest for " + describe() + " failed with HTTP " + e.getCode(),
          null,
          null);
    }
  }

  @Override
  public String describe() {
    return "ServiceAccount "
        + namespace
        + "/"
        + name
        + " (audience "
        + String.join(",", audiences)
        + ")";
  }
}
