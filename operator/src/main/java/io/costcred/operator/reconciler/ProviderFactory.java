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
import io.costcred.operator.store.aws.AwsClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;

/** Builds the provider of a CostCredential: one exhaustive switch over the provider union. */
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
      ClientCache cache) {
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

  /** The fields a provider's credentials have, and where they go when a store names no keys. */
  static List<KeyMapping> defaultKeys(ProviderSpec p) {
    if (p.getAwsIamAccessKey() != null) {
      return AwsIamAccessKeyProvider.defaultKeyMappings();
    }
    KeyMapping m = new KeyMapping();
    m.setKey(Credential.TOKEN);
    m.setField(Credential.TOKEN);
    return List.of(m);
  }

  static Set<String> fields(ProviderSpec p) {
    return p.getAwsIamAccessKey() != null
        ? Set.of(AwsIamAccessKeyProvider.ACCESS_KEY_ID, AwsIamAccessKeyProvider.SECRET_ACCESS_KEY)
        : Set.of(Credential.TOKEN);
  }

  CredentialProvider create(CostCredential cr) {
    ProviderSpec p = cr.getSpec().getProvider();
    if (p.getVantage() != null) {
      return vantage(cr, p.getVantage());
    }
    if (p.getAwsIamAccessKey() != null) {
      return aws(cr, p.getAwsIamAccessKey());
    }
    throw new PermanentException(Reasons.INVALID_SPEC, "exactly one provider must be set");
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
            used);
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
            () -> new AwsClients(connections.aws(c)));
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
