package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialSpec;
import io.costcred.operator.api.v1alpha1.DeletionPolicy;
import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.api.v1alpha1.KubernetesSecretStoreSpec;
import io.costcred.operator.api.v1alpha1.RotationPreset;
import io.costcred.operator.api.v1alpha1.RotationSpec;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.api.v1alpha1.VantageProviderSpec;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.Durations;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.Reasons;
import io.costcred.operator.policy.Policies;
import io.costcred.operator.policy.PolicySource;
import io.costcred.operator.provider.CredentialProvider;
import io.costcred.operator.provider.ProviderObserver;
import io.costcred.operator.provider.vantage.RateBudgets;
import io.costcred.operator.provider.vantage.TokenPool;
import io.costcred.operator.provider.vantage.VantageClient;
import io.costcred.operator.provider.vantage.VantageProvider;
import io.costcred.operator.restart.WorkloadRestarter;
import io.costcred.operator.rotation.RotationPlan;
import io.costcred.operator.rotation.Schedule;
import io.costcred.operator.store.CredentialStore;
import io.costcred.operator.store.KubernetesSecretStore;
import io.costcred.operator.store.TokenLedger;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * Resolves a CostCredential's spec into a {@link RotationPlan}: one exhaustive switch per union.
 */
public final class PlanFactory implements Function<CostCredential, RotationPlan> {
  private final KubernetesClient client;
  private final Fingerprinter fingerprints;
  private final OkHttpClient http;
  private final RateBudgets budgets;
  private final Clock clock;
  private final ProviderObserver observer;
  private final WorkloadRestarter restarter;
  private final PolicySource policies;

  public PlanFactory(
      KubernetesClient client,
      Fingerprinter fingerprints,
      OkHttpClient http,
      RateBudgets budgets,
      Clock clock,
      ProviderObserver observer,
      WorkloadRestarter restarter,
      PolicySource policies) {
    this.policies = policies;
    this.client = client;
    this.fingerprints = fingerprints;
    this.http = http;
    this.budgets = budgets;
    this.clock = clock;
    this.observer = observer;
    this.restarter = restarter;
  }

  @Override
  public RotationPlan apply(CostCredential cr) {
    CostCredentialSpec spec = cr.getSpec();
    if (spec == null || spec.getProvider() == null) {
      throw invalid("spec.provider is required");
    }
    String ns = cr.getMetadata().getNamespace();
    ClusterRotationPolicy policy = policies.governing(ns, spec.getPolicyRef()).orElse(null);
    RotationSpec rotation =
        Policies.effectiveRotation(spec.getRotation(), policy == null ? null : policy.getSpec());
    RotationPreset preset =
        rotation.getPreset() == null ? RotationPreset.PRODUCTION : rotation.getPreset();
    Duration interval =
        Durations.parseOr(rotation.getInterval(), preset.interval(), "rotation.interval");
    Duration grace =
        Durations.parseOr(rotation.getGracePeriod(), Duration.ofHours(24), "rotation.gracePeriod");
    if (grace.compareTo(interval) >= 0) {
      throw invalid("rotation.gracePeriod must be shorter than the rotation interval");
    }
    Duration rollout =
        Durations.parseOr(
            rotation.getRolloutTimeout(), Duration.ofMinutes(15), "rotation.rolloutTimeout");
    VantageProviderSpec vantage = spec.getProvider().getVantage();
    if (vantage == null) {
      throw invalid("exactly one provider must be set");
    }
    for (var t : spec.getRestartTargets()) {
      if (t.getName() == null && (t.getMatchLabels() == null || t.getMatchLabels().isEmpty())) {
        throw invalid(
            "restart target of kind " + t.getKind() + " needs a name or non-empty matchLabels");
      }
    }
    List<CredentialStore> stores = stores(cr, spec.getStores());
    if (policy != null) {
      List<String> violations =
          Policies.violations(
              policy.getSpec(),
              ns,
              interval,
              grace,
              rotation.getMaintenanceWindows() != null
                  && !rotation.getMaintenanceWindows().isEmpty(),
              destinations(spec.getStores()));
      if (!violations.isEmpty()) {
        throw new PermanentException(
            Reasons.POLICY_VIOLATION,
            String.join("; ", violations)
                + " (ClusterRotationPolicy "
                + policy.getMetadata().getName()
                + ")");
      }
    }
    return new RotationPlan(
        vantage(cr, vantage),
        stores,
        new TokenLedger(client, cr),
        () -> restarter.resolve(ns, spec.getRestartTargets()),
        new Schedule(interval, rotation.getMaintenanceWindows()),
        grace,
        rollout,
        Durations.parseOr(vantage.getReverifyInterval(), Duration.ofHours(1), "reverifyInterval"),
        Durations.parseOr(
            vantage.getRevocationCheckInterval(), Duration.ofMinutes(5), "revocationCheckInterval"),
        vantage.getTokenPool().getLowWatermark() == null
            ? 1
            : vantage.getTokenPool().getLowWatermark());
  }

  private static List<Policies.Destination> destinations(List<StoreSpec> specs) {
    List<Policies.Destination> out = new ArrayList<>();
    for (StoreSpec s : specs == null ? List.<StoreSpec>of() : specs) {
      if (s.getKubernetesSecret() != null) {
        out.add(new Policies.Destination("kubernetesSecret", s.getKubernetesSecret().getName()));
      }
    }
    return out;
  }

  private CredentialProvider vantage(CostCredential cr, VantageProviderSpec v) {
    String base = v.getApiBaseUrl() == null ? "https://api.vantage.sh" : v.getApiBaseUrl();
    if (v.getTokenPool() == null || v.getTokenPool().getName() == null) {
      throw invalid("provider.vantage.tokenPool.name is required");
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
        new VantageClient(http, base, budgets.forAccount(base, v.getAccount()), clock, observer);
    return new VantageProvider(pool, api, v.getRequiredScopes());
  }

  private List<CredentialStore> stores(CostCredential cr, List<StoreSpec> specs) {
    List<CredentialStore> stores = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (StoreSpec s : specs == null ? List.<StoreSpec>of() : specs) {
      CredentialStore store = store(cr, s);
      if (!ids.add(store.id())) {
        throw invalid("store " + store.id() + " is listed twice");
      }
      stores.add(store);
    }
    if (stores.isEmpty()) {
      throw invalid("at least one store is required");
    }
    return stores;
  }

  private CredentialStore store(CostCredential cr, StoreSpec s) {
    KubernetesSecretStoreSpec k = s.getKubernetesSecret();
    if (k == null) {
      throw invalid("exactly one store type must be set");
    }
    String pool = cr.getSpec().getProvider().getVantage().getTokenPool().getName();
    if (k.getName().equals(pool)) {
      throw invalid("store Secret " + k.getName() + " is the token pool");
    }
    if (k.getName().equals(TokenLedger.secretName(cr.getMetadata().getName()))) {
      throw invalid("store Secret " + k.getName() + " is the operator's own ledger Secret");
    }
    List<KeyMapping> keys = k.getKeys();
    if (keys == null || keys.isEmpty()) {
      KeyMapping m = new KeyMapping();
      m.setKey(Credential.TOKEN);
      m.setField(Credential.TOKEN);
      keys = List.of(m);
    }
    for (KeyMapping m : keys) {
      if (m.getField() != null && !Credential.TOKEN.equals(m.getField())) {
        throw invalid("the vantage provider has only the field token, not " + m.getField());
      }
    }
    boolean owned = cr.getSpec().getDeletionPolicy() == DeletionPolicy.Delete;
    return new KubernetesSecretStore(client, cr, k.getName(), keys, k.getLabels(), owned);
  }

  private static PermanentException invalid(String message) {
    return new PermanentException(Reasons.INVALID_SPEC, message);
  }
}
