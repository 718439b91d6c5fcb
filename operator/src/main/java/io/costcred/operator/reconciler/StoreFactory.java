package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.AwsSecretsManagerStoreSpec;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.DeletionPolicy;
import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.api.v1alpha1.KubernetesSecretStoreSpec;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.api.v1alpha1.VaultConnectionSpec;
import io.costcred.operator.api.v1alpha1.VaultStoreSpec;
import io.costcred.operator.connection.ConnectionResolver;
import io.costcred.operator.connection.ResolvedConnection;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.policy.Policies;
import io.costcred.operator.provider.ProviderObserver;
import io.costcred.operator.store.CredentialStore;
import io.costcred.operator.store.KubernetesSecretStore;
import io.costcred.operator.store.SecretMemory;
import io.costcred.operator.store.TokenLedger;
import io.costcred.operator.store.aws.AwsClients;
import io.costcred.operator.store.aws.AwsSecretsManagerStore;
import io.costcred.operator.store.aws.AwsSecretsManagerStoreConfig;
import io.costcred.operator.store.vault.VaultKvStore;
import io.costcred.operator.store.vault.VaultStoreConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.function.Function;

/** Builds the stores of a CostCredential; holds the one exhaustive switch over the store union. */
final class StoreFactory {
  private final KubernetesClient client;
  private final ConnectionResolver resolver;
  private final ConnectionClients clients;
  private final ClientCache cache;
  private final ProviderObserver observer;
  private final SecretMemory memory;

  StoreFactory(
      KubernetesClient client,
      ConnectionResolver resolver,
      ConnectionClients clients,
      ClientCache cache,
      ProviderObserver observer,
      SecretMemory memory) {
    this.memory = memory;
    this.observer = observer;
    this.client = client;
    this.resolver = resolver;
    this.clients = clients;
    this.cache = cache;
  }

  /**
   * The one dispatch over the store union: the function for the member that is set. An exhaustive
   * {@code switch}: a new member fails to compile here and at every caller.
   */
  static <T> T match(
      StoreSpec s,
      Function<KubernetesSecretStoreSpec, T> kubernetesSecret,
      Function<VaultStoreSpec, T> vault,
      Function<AwsSecretsManagerStoreSpec, T> awsSecretsManager) {
    StoreSpec.Kind kind = s.kind().orElseThrow(() -> invalid("exactly one store type must be set"));
    return switch (kind) {
      case KUBERNETES_SECRET -> kubernetesSecret.apply(s.getKubernetesSecret());
      case VAULT -> vault.apply(s.getVault());
      case AWS_SECRETS_MANAGER -> awsSecretsManager.apply(s.getAwsSecretsManager());
    };
  }

  /** Where a store writes, for policy checks; no I/O. */
  static Policies.Destination destination(StoreSpec s) {
    String name =
        match(
            s,
            KubernetesSecretStoreSpec::getName,
            StoreFactory::dataPath,
            AwsSecretsManagerStoreSpec::getSecretId);
    return new Policies.Destination(s.kind().orElseThrow(), name);
  }

  /** The key mappings a store names, or an empty list. */
  static List<KeyMapping> keysOf(StoreSpec s) {
    List<KeyMapping> keys =
        match(
            s,
            KubernetesSecretStoreSpec::getKeys,
            VaultStoreSpec::getKeys,
            AwsSecretsManagerStoreSpec::getKeys);
    return keys == null ? List.of() : keys;
  }

  CredentialStore create(CostCredential cr, StoreSpec s, List<KeyMapping> defaultKeys) {
    return match(
        s,
        k -> kubernetes(cr, k, defaultKeys),
        v -> vault(cr, v, defaultKeys),
        a -> aws(cr, a, defaultKeys));
  }

  private CredentialStore kubernetes(
      CostCredential cr, KubernetesSecretStoreSpec k, List<KeyMapping> defaultKeys) {
    String pool =
        ProviderFactory.match(
            cr.getSpec().getProvider(),
            v -> v.getTokenPool() == null ? null : v.getTokenPool().getName(),
            a -> null);
    if (k.getName().equals(pool)) {
      throw invalid("store Secret " + k.getName() + " is the token pool");
    }
    if (k.getName().equals(TokenLedger.secretName(cr.getMetadata().getName()))) {
      throw invalid("store Secret " + k.getName() + " is the operator's own ledger Secret");
    }
    boolean owned = cr.getSpec().getDeletionPolicy() == DeletionPolicy.Delete;
    return new KubernetesSecretStore(
        client, cr, k.getName(), keys(k.getKeys(), defaultKeys), k.getLabels(), owned, memory);
  }

  private CredentialStore vault(CostCredential cr, VaultStoreSpec v, List<KeyMapping> defaultKeys) {
    String ns = cr.getMetadata().getNamespace();
    String mount = mount(v);
    ResolvedConnection c =
        resolver.resolve(v.getConnectionRef(), ns, ConnectionResolver.Use.VAULT_PATH, dataPath(v));
    VaultConnectionSpec conn = c.vault();
    return cache.get(
        cr.getMetadata().getUid(),
        "vault/" + c.describe() + "/" + mount + "/" + v.getPath(),
        List.of(v, c.version()),
        () ->
            new VaultKvStore(
                new VaultStoreConfig(
                    conn.getAddress(),
                    conn.getNamespace(),
                    conn.getCaBundle(),
                    mount,
                    v.getPath(),
                    keys(v.getKeys(), defaultKeys),
                    clients.vaultAuth(c),
                    null),
                java.time.Clock.systemUTC(),
                observer));
  }

  private CredentialStore aws(
      CostCredential cr, AwsSecretsManagerStoreSpec a, List<KeyMapping> defaultKeys) {
    String ns = cr.getMetadata().getNamespace();
    ResolvedConnection c =
        resolver.resolve(
            a.getConnectionRef(), ns, ConnectionResolver.Use.AWS_SECRET, a.getSecretId());
    AwsClients aws =
        cache.get(
            cr.getMetadata().getUid(),
            "awsSecretsManager/" + c.describe() + "/" + a.getSecretId(),
            List.of(a, c.version()),
            () -> new AwsClients(clients.aws(c), observer));
    boolean create = a.getCreateIfMissing() == null || a.getCreateIfMissing();
    AwsSecretsManagerStoreConfig config =
        a.getPlainField() != null
            ? AwsSecretsManagerStoreConfig.plain(
                a.getSecretId(), a.getPlainField(), a.getKmsKeyId(), create)
            : AwsSecretsManagerStoreConfig.json(
                a.getSecretId(), keys(a.getKeys(), defaultKeys), a.getKmsKeyId(), create);
    return new AwsSecretsManagerStore(aws.secretsManager(), config);
  }

  private static String mount(VaultStoreSpec v) {
    return v.getMount() == null || v.getMount().isBlank()
        ? VaultStoreConfig.DEFAULT_MOUNT
        : v.getMount();
  }

  /**
   * The KV v2 API path a Vault store writes, {@code <mount>/data/<path>}: what policies and
   * connection templates are checked against.
   */
  private static String dataPath(VaultStoreSpec v) {
    return mount(v) + "/data/" + v.getPath();
  }

  private static List<KeyMapping> keys(List<KeyMapping> own, List<KeyMapping> defaults) {
    return own == null || own.isEmpty() ? defaults : own;
  }

  private static PermanentException invalid(String message) {
    return new PermanentException(Reasons.INVALID_SPEC, message);
  }
}
