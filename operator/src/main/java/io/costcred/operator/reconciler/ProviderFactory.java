package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.AwsIamAccessKeySpec;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.api.v1alpha1.ProviderSpec;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.api.v1alpha1.VantageProviderSpec;
import io.costcred.operator.connection.ConnectionResolver;
import io.costcred.operator.connection.EgressPolicy;
import io.costcred.operator.connection.ResolvedConnection;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.Durations;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.provider.CredentialProvider;
import io.costcred.operator.provider.ProviderObserver;
import io.costcred.operator.provider.aws.AwsIamAccessKeyConfig;
import io.costcred.operator.provider.aws.AwsIamAccessKeyProvider;
import io.costcred.operator.provider.aws.Sleeper;
import io.costcred.operator.provider.vantage.RateBudgets;
import io.costcred.operator.provider.vantage.TokenPool;
import io.costcred.operator.provider.vantage.VantageClient;
import io.costcred.operator.provider.vantage.VantageProvider;
import io.costcred.operator.rotation.Decider;
import io.costcred.operator.store.SecretMemory;
import io.costcred.operator.store.aws.AwsClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/** Builds the provider of a CostCredential; holds the one exhaustive switch over its union. */
final class ProviderFactory {
  private final KubernetesClient client;
  private final Fingerprinter fingerprints;
  private final OkHttpClient http;
  private final RateBudgets budgets;
  private final Clock clock;
  private final ProviderObserver observer;
  private final ConnectionResolver resolver;
  private final ConnectionClients connections;
  private final EgressPolicy egress;
  private final ClientCache cache;
  private final SecretMemory memory;

  ProviderFactory(
      KubernetesClient client,
      Fingerprinter fingerprints,
      OkHttpClient http,
      RateBudgets budgets,
      Clock clock,
      ProviderObserver observer,
      ConnectionResolver resolver,
      ConnectionClients connections,
      EgressPolicy egress,
      ClientCache cache,
      SecretMemory memory) {
    this.memory = memory;
    this.client = client;
    this.fingerprints = fingerprints;
    this.http = http;
    this.budgets = budgets;
    this.clock = clock;
    this.observer = observer;
    this.resolver = resolver;
    this.connections = connections;
    this.egress = egress;
    this.cache = cache;
  }

  /**
   * The one dispatch over the provider union: {@code vantage} or {@code aws} applied to the member
   * that is set. An exhaustive {@code switch}: a new member fails to compile here and at every
   * caller, which must pass a function for it.
   */
  static <T> T match(
      ProviderSpec p,
      Function<VantageProviderSpec, T> vantage,
      Function<AwsIamAccessKeySpec, T> aws) {
    ProviderSpec.Kind kind =
        Optional.ofNullable(p)
            .flatMap(ProviderSpec::kind)
            .orElseThrow(
                () ->
                    new PermanentException(
                        Reasons.INVALID_SPEC, "exactly one provider must be set"));
    return switch (kind) {
      case VANTAGE -> vantage.apply(p.getVantage());
      case AWS_IAM_ACCESS_KEY -> aws.apply(p.getAwsIamAccessKey());
    };
  }

  /** The fields a provider's credentials have, and where they go when a store names no keys. */
  static List<KeyMapping> defaultKeys(ProviderSpec p) {
    return match(
        p, v -> List.of(tokenMapping()), a -> AwsIamAccessKeyProvider.defaultKeyMappings());
  }

  /** The fields of the provider's credentials (those its default mapping names). */
  static Set<String> fields(ProviderSpec p) {
    return defaultKeys(p).stream().map(KeyMapping::getField).collect(Collectors.toSet());
  }

  CredentialProvider create(CostCredential cr) {
    return match(cr.getSpec().getProvider(), v -> vantage(cr, v), a -> aws(cr, a));
  }

  private static KeyMapping tokenMapping() {
    KeyMapping m = new KeyMapping();
    m.setKey(Credential.TOKEN);
    m.setField(Credential.TOKEN);
    return m;
  }

  private CredentialProvider vantage(CostCredential cr, VantageProviderSpec v) {
    String base = v.getApiBaseUrl() == null ? "https://api.vantage.sh" : v.getApiBaseUrl();
    egress.check(base, "provider.vantage.apiBaseUrl");
    if (v.getTokenPool() == null || v.getTokenPool().getName() == null) {
      throw new PermanentException(
          Reasons.INVALID_SPEC, "provider.vantage.tokenPool.name is required");
    }
    Set<String> used = new HashSet<>();
    if (cr.getStatus() != null) {
      used.addAll(cr.getStatus().getConsumedTokens());
      if (cr.getStatus().getCurrentToken() != null) {
        used.add(cr.getStatus().getCurrentToken().getFingerprint());
      }
      cr.getStatus().getPendingRevocations().forEach(p -> used.add(p.getToken().getFingerprint()));
    }
    TokenPool pool =
        new TokenPool(
            client,
            cr.getMetadata().getNamespace(),
            v.getTokenPool().getName(),
            v.getTokenFormats(),
            fingerprints,
            used,
            memory,
            cr.getMetadata().getUid());
    VantageClient api =
        new VantageClient(
            http,
            base,
            budgets.forNamespace(base, cr.getMetadata().getNamespace()),
            clock,
            observer);
    return new VantageProvider(pool, api, v.getRequiredScopes());
  }

  private CredentialProvider aws(CostCredential cr, AwsIamAccessKeySpec a) {
    String ns = cr.getMetadata().getNamespace();
    ResolvedConnection c =
        resolver.resolve(
            a.getConnectionRef(), ns, ConnectionResolver.Use.IAM_USER, a.getUserName());
    AwsClients clients =
        cache.get(
            cr.getMetadata().getUid(),
            "iam/" + c.describe() + "/" + a.getUserName(),
            List.of(a, c.version()),
            () -> new AwsClients(connections.aws(c), observer));
    var st = cr.getStatus();
    var run = st == null ? null : st.getRotation();
    String current =
        st == null || st.getCurrentToken() == null ? null : st.getCurrentToken().getId();
    boolean emergency =
        run != null && run.getTrigger() == RotationTrigger.Emergency
            || st != null && Decider.emergencyRequested(st, cr.getMetadata().getAnnotations());
    var config =
        AwsIamAccessKeyConfig.of(
            a.getUserName(),
            current,
            emergency,
            Durations.parseOr(
                a.getDeleteInactiveAfter(),
                AwsIamAccessKeyConfig.DEFAULT_DELETE_INACTIVE_AFTER,
                "provider.awsIamAccessKey.deleteInactiveAfter"));
    return new AwsIamAccessKeyProvider(clients, config, Sleeper.REAL);
  }
}
