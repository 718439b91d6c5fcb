package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialSpec;
import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.api.v1alpha1.RotationPreset;
import io.costcred.operator.api.v1alpha1.RotationSpec;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.api.v1alpha1.VantageProviderSpec;
import io.costcred.operator.core.Durations;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.Reasons;
import io.costcred.operator.policy.Policies;
import io.costcred.operator.policy.PolicySource;
import io.costcred.operator.provider.ProviderObserver;
import io.costcred.operator.provider.vantage.RateBudgets;
import io.costcred.operator.restart.WorkloadRestarter;
import io.costcred.operator.rotation.PlanSource;
import io.costcred.operator.rotation.RotationPlan;
import io.costcred.operator.rotation.Schedule;
import io.costcred.operator.store.CredentialStore;
import io.costcred.operator.store.TokenLedger;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * Resolves a CostCredential's spec into a {@link RotationPlan}. Validation and policy checks come
 * first and need no I/O, so a rejected spec causes no request to any store or provider.
 */
public final class PlanFactory implements PlanSource {
  private final KubernetesClient client;
  private final WorkloadRestarter restarter;
  private final PolicySource policies;
  private final ClientCache cache = new ClientCache();
  private final ProviderFactory providers;
  private final StoreFactory stores;

  public PlanFactory(
      KubernetesClient client,
      Fingerprinter fingerprints,
      OkHttpClient http,
      RateBudgets budgets,
      Clock clock,
      ProviderObserver observer,
      WorkloadRestarter restarter,
      PolicySource policies) {
    this.client = client;
    this.restarter = restarter;
    this.policies = policies;
    SecretRefs refs = new SecretRefs(client);
    this.providers =
        new ProviderFactory(client, fingerprints, http, budgets, clock, observer, refs, cache);
    this.stores = new StoreFactory(client, refs, cache);
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
    validateTargetsAndKeys(spec);
    if (policy != null) {
      enforce(policy, ns, interval, grace, rotation, spec.getStores());
    }
    List<KeyMapping> defaultKeys = ProviderFactory.defaultKeys(spec.getProvider());
    List<CredentialStore> built = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (StoreSpec s : spec.getStores()) {
      CredentialStore store = stores.create(cr, s, defaultKeys);
      if (!ids.add(store.id())) {
        throw invalid("store " + store.id() + " is listed twice");
      }
      built.add(store);
    }
    VantageProviderSpec vantage = spec.getProvider().getVantage();
    return new RotationPlan(
        providers.create(cr),
        built,
        new TokenLedger(client, cr),
        () -> restarter.resolve(ns, spec.getRestartTargets()),
        new Schedule(interval, rotation.getMaintenanceWindows()),
        grace,
        rollout,
        Durations.parseOr(
            vantage == null ? null : vantage.getReverifyInterval(),
            Duration.ofHours(1),
            "reverifyInterval"),
        Durations.parseOr(
            vantage == null ? null : vantage.getRevocationCheckInterval(),
            Duration.ofMinutes(5),
            "revocationCheckInterval"),
        vantage == null || vantage.getTokenPool().getLowWatermark() == null
            ? (vantage == null ? 0 : 1)
            : vantage.getTokenPool().getLowWatermark());
  }

  /** Closes the clients of a deleted CostCredential. */
  @Override
  public void forget(CostCredential cr) {
    cache.forget(cr.getMetadata().getUid());
  }

  private static void validateTargetsAndKeys(CostCredentialSpec spec) {
    for (var t : spec.getRestartTargets()) {
      if (t.getName() == null && (t.getMatchLabels() == null || t.getMatchLabels().isEmpty())) {
        throw invalid(
            "restart target of kind " + t.getKind() + " needs a name or non-empty matchLabels");
      }
    }
    if (spec.getStores() == null || spec.getStores().isEmpty()) {
      throw invalid("at least one store is required");
    }
    Set<String> fields = ProviderFactory.fields(spec.getProvider());
    for (StoreSpec s : spec.getStores()) {
      for (KeyMapping m : keysOf(s)) {
        if (m.getField() != null && !fields.contains(m.getField())) {
          throw invalid(
              "the provider's credentials have the fields " + fields + ", not " + m.getField());
        }
      }
    }
  }

  private static List<KeyMapping> keysOf(StoreSpec s) {
    List<KeyMapping> keys =
        s.getKubernetesSecret() != null
            ? s.getKubernetesSecret().getKeys()
            : s.getVault() != null
                ? s.getVault().getKeys()
                : s.getAwsSecretsManager() != null ? s.getAwsSecretsManager().getKeys() : null;
    return keys == null ? List.of() : keys;
  }

  private static void enforce(
      ClusterRotationPolicy policy,
      String ns,
      Duration interval,
      Duration grace,
      RotationSpec rotation,
      List<StoreSpec> specs) {
    List<Policies.Destination> destinations = new ArrayList<>();
    specs.forEach(s -> destinations.add(StoreFactory.destination(s)));
    boolean windows =
        rotation.getMaintenanceWindows() != null && !rotation.getMaintenanceWindows().isEmpty();
    List<String> violations =
        Policies.violations(policy.getSpec(), ns, interval, grace, windows, destinations);
    if (!violations.isEmpty()) {
      throw new PermanentException(
          Reasons.POLICY_VIOLATION,
          String.join("; ", violations)
              + " (ClusterRotationPolicy "
              + policy.getMetadata().getName()
              + ")");
    }
  }

  private static PermanentException invalid(String message) {
    return new PermanentException(Reasons.INVALID_SPEC, message);
  }
}
