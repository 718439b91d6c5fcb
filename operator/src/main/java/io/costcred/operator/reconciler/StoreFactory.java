package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.AwsSecretsManagerStoreSpec;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.DeletionPolicy;
import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.api.v1alpha1.KubernetesSecretStoreSpec;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.api.v1alpha1.VaultAuthSpec;
import io.costcred.operator.api.v1alpha1.VaultStoreSpec;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.Reasons;
import io.costcred.operator.policy.Policies;
import io.costcred.operator.store.CredentialStore;
import io.costcred.operator.store.KubernetesSecretStore;
import io.costcred.operator.store.TokenLedger;
import io.costcred.operator.store.aws.AwsClients;
import io.costcred.operator.store.aws.AwsSecretsManagerStore;
import io.costcred.operator.store.aws.AwsSecretsManagerStoreConfig;
import io.costcred.operator.store.vault.VaultKvStore;
import io.costcred.operator.store.vault.VaultStoreConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Builds the stores of a CostCredential: one exhaustive switch over the store union. */
final class StoreFactory {
  private final KubernetesClient client;
  private final SecretRefs refs;
  private final ClientCache cache;

  StoreFactory(KubernetesClient client, SecretRefs refs, ClientCache cache) {
    this.client = client;
    this.refs = refs;
    this.cache = cache;
  }

  /** Where a store writes, for policy checks; no I/O. */
  static Policies.Destination destination(StoreSpec s) {
    if (s.getKubernetesSecret() != null) {
      return new Policies.Destination("kubernetesSecret", s.getKubernetesSecret().getName());
    }
    if (s.getVault() != null) {
      String mount = s.getVault().getMount() == null ? "secret" : s.getVault().getMount();
      return new Policies.Destination("vault", mount + "/data/" + s.getVault().getPath());
    }
    if (s.getAwsSecretsManager() != null) {
      return new Policies.Destination("awsSecretsManager", s.getAwsSecretsManager().getSecretId());
    }
    throw invalid("exactly one store type must be set");
  }

  CredentialStore create(CostCredential cr, StoreSpec s, List<KeyMapping> defaultKeys) {
    if (s.getKubernetesSecret() != null) {
      return kubernetes(cr, s.getKubernetesSecret(), defaultKeys);
    }
    if (s.getVault() != null) {
      return vault(cr, s.getVault(), defaultKeys);
    }
    if (s.getAwsSecretsManager() != null) {
      return aws(cr, s.getAwsSecretsManager(), defaultKeys);
    }
    throw invalid("exactly one store type must be set");
  }

  private CredentialStore kubernetes(
      CostCredential cr, KubernetesSecretStoreSpec k, List<KeyMapping> defaultKeys) {
    String pool =
        cr.getSpec().getProvider().getVantage() == null
            ? null
            : cr.getSpec().getProvider().getVantage().getTokenPool().getName();
    if (k.getName().equals(pool)) {
      throw invalid("store Secret " + k.getName() + " is the token pool");
    }
    if (k.getName().equals(TokenLedger.secretName(cr.getMetadata().getName()))) {
      throw invalid("store Secret " + k.getName() + " is the operator's own ledger Secret");
    }
    boolean owned = cr.getSpec().getDeletionPolicy() == DeletionPolicy.Delete;
    return new KubernetesSecretStore(
        client, cr, k.getName(), keys(k.getKeys(), defaultKeys), k.getLabels(), owned);
  }

  private CredentialStore vault(CostCredential cr, VaultStoreSpec v, List<KeyMapping> defaultKeys) {
    String ns = cr.getMetadata().getNamespace();
    return cache.get(
        cr.getMetadata().getUid(),
        "vault/" + v.getAddress() + "/" + v.getNamespace() + "/" + v.getMount() + "/" + v.getPath(),
        v,
        () -> {
          String ca =
              v.getCaBundleSecretRef() == null
                  ? null
                  : refs.read(ns, v.getCaBundleSecretRef(), "ca.crt").reveal();
          return new VaultKvStore(
              new VaultStoreConfig(
                  v.getAddress(),
                  v.getNamespace(),
                  ca,
                  v.getMount(),
                  v.getPath(),
                  keys(v.getKeys(), defaultKeys),
                  auth(ns, v.getAuth()),
                  null));
        });
  }

  private VaultStoreConfig.Auth auth(String ns, VaultAuthSpec a) {
    if (a.getKubernetes() != null) {
      return new VaultStoreConfig.KubernetesAuth(
          a.getKubernetes().getRole(),
          a.getKubernetes().getMountPath(),
          VaultStoreConfig.KubernetesAuth.DEFAULT_JWT_PATH);
    }
    if (a.getAppRole() != null) {
      return new VaultStoreConfig.AppRoleAuth(
          a.getAppRole().getMountPath(),
          refs.read(ns, a.getAppRole().getRoleIdSecretRef(), "role-id"),
          refs.read(ns, a.getAppRole().getSecretIdSecretRef(), "secret-id"));
    }
    if (a.getTokenSecretRef() != null) {
      return new VaultStoreConfig.TokenAuth(refs.read(ns, a.getTokenSecretRef(), "token"));
    }
    throw invalid("exactly one Vault auth method must be set");
  }

  private CredentialStore aws(
      CostCredential cr, AwsSecretsManagerStoreSpec a, List<KeyMapping> defaultKeys) {
    String ns = cr.getMetadata().getNamespace();
    AwsClients clients =
        cache.get(
            cr.getMetadata().getUid(),
            "awsSecretsManager/" + a.getRegion() + "/" + a.getEndpoint() + "/" + a.getSecretId(),
            a,
            () ->
                new AwsClients(
                    AwsConnections.of(
                        refs, ns, a.getRegion(), a.getEndpoint(), a.getCredentials())));
    boolean create = a.getCreateIfMissing() == null || a.getCreateIfMissing();
    AwsSecretsManagerStoreConfig config =
        a.getPlainField() != null
            ? AwsSecretsManagerStoreConfig.plain(
                a.getSecretId(), a.getPlainField(), a.getKmsKeyId(), create)
            : AwsSecretsManagerStoreConfig.json(
                a.getSecretId(), keys(a.getKeys(), defaultKeys), a.getKmsKeyId(), create);
    return new AwsSecretsManagerStore(clients.secretsManager(), config);
  }

  private static List<KeyMapping> keys(List<KeyMapping> own, List<KeyMapping> defaults) {
    return own == null || own.isEmpty() ? defaults : own;
  }

  private static PermanentException invalid(String message) {
    return new PermanentException(Reasons.INVALID_SPEC, message);
  }
}
