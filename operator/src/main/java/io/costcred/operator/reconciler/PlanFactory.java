package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.api.v1alpha1.ConsumerRef;
import io.costcred.operator.api.v1alpha1.ConsumerSpec;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialSpec;
import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationPreset;
import io.costcred.operator.api.v1alpha1.RotationSpec;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.api.v1alpha1.VantageProviderSpec;
import io.costcred.operator.connection.ConnectionResolver;
import io.costcred.operator.core.Durations;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretRefs;
import io.costcred.operator.policy.Policies;
import io.costcred.operator.policy.PolicySource;
import io.costcred.operator.provider.ProviderObserver;
import io.costcred.operator.provider.vantage.RateBudgets;
import io.costcred.operator.restart.WorkloadRestarter;
import io.costcred.operator.rotation.ConsumerPolicy;
import io.costcred.operator.rotation.PlanSource;
import io.costcred.operator.rotation.RotationPlan;
import io.costcred.operator.rotation.Schedule;
import io.costcred.operator.store.CredentialStore;
import io.costcred.operator.store.SecretMemory;
import io.costcred.operator.store.SecretVersions;
import io.costcred.operator.store.TokenLedger;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final SecretMemory memory;

  public PlanFactory(
      KubernetesClient client,
      Fingerprinter fingerprints,
      OkHttpClient http,
      RateBudgets budgets,
      Clock clock,
      ProviderObserver observer,
      WorkloadRestarter restarter,
      TenantAccess access) {
    this(
        client,
        fingerprints,
        http,
        budgets,
        clock,
        observer,
        restarter,
        access,
        SecretVersions.NONE);
  }

  /**
   * @param secretVersions the Secret informer's versions ({@link ReferenceWatches#secretVersions}):
   *     the ledger, store and pool Secrets are read again only when they changed
   */
  public PlanFactory(
      KubernetesClient client,
      Fingerprinter fingerprints,
      OkHttpClient http,
      RateBudgets budgets,
      Clock clock,
      ProviderObserver observer,
      WorkloadRestarter restarter,
      TenantAccess access,
      SecretVersions secretVersions) {
    this.memory =
        secretVersions == SecretVersions.NONE
            ? SecretMemory.NONE
            : new SecretMemory(secretVersions);
    this.client = client;
    this.restarter = restarter;
    this.policies = access.policies();
    ConnectionResolver resolver =
        new ConnectionResolver(access.connections(), access.egress(), access.operatorNamespace());
    ConnectionClients connections = new ConnectionClients(client, new SecretRefs(client));
    this.providers =
        new ProviderFactory(
            client,
            fingerprints,
            http,
            budgets,
            clock,
            observer,
            resolver,
            connections,
            access.egress(),
            cache,
            memory);
    this.stores = new StoreFactory(client, resolver, connections, cache, observer, memory);
  }

  @Override
  public RotationPlan apply(CostCredential cr) {
    CostCredentialSpec spec = cr.getSpec();
    if (spec == null || spec.getProvider() == null) {
      throw invalid("spec.provider is required");
    }
    String ns = cr.getMetadata().getNamespace();
    List<ClusterRotationPolicy> governing = governing(ns, spec.getPolicyRef());
    ClusterRotationPolicy defaults =
        governing.stream()
            .filter(p -> p.getSpec() != null && p.getSpec().getDefaults() != null)
            .reduce((first, second) -> second)
            .orElse(null);
    RotationSpec rotation =
        Policies.effectiveRotation(
            spec.getRotation(), defaults == null ? null : defaults.getSpec());
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
    for (ClusterRotationPolicy policy : governing) {
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
    // The pool and re-verification settings exist for Vantage only.
    VantageProviderSpec vantage = ProviderFactory.match(spec.getProvider(), v -> v, a -> null);
    return new RotationPlan(
        providers.create(cr),
        built,
        new TokenLedger(client, cr, memory),
        () -> restarter.resolve(ns, spec.getRestartTargets()),
        new Schedule(interval, rotation.getMaintenanceWindows())
            .withPolicyMaxAge(policyMaxAge(governing)),
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
            : vantage.getTokenPool().getLowWatermark(),
        consumerPolicy(cr, built));
  }

  /** spec.consumers, with the store Secrets whose consumers are discovered. */
  static ConsumerPolicy consumerPolicy(CostCredential cr, List<CredentialStore> stores) {
    Map<String, String> secrets = new LinkedHashMap<>();
    List<StoreSpec> specs = cr.getSpec().getStores();
    for (int i = 0; i < specs.size(); i++) {
      String name = StoreFactory.match(specs.get(i), k -> k.getName(), v -> null, a -> null);
      if (name != null) {
        secrets.put(name, stores.get(i).id());
      }
    }
    ConsumerPolicy base = ConsumerPolicy.defaults(cr.getMetadata().getName()).withSecrets(secrets);
    ConsumerSpec c = cr.getSpec().getConsumers();
    if (c == null) {
      return base;
    }
    Set<String> mounted = new HashSet<>();
    if (c.getReloadsMountedFile() != null) {
      for (ConsumerRef r : c.getReloadsMountedFile()) {
        if (r.getKind() == null || r.getName() == null) {
          throw invalid("spec.consumers.reloadsMountedFile entries need a kind and a name");
        }
        mounted.add(ConsumerPolicy.key(r.getKind(), r.getName()));
      }
    }
    return new ConsumerPolicy(
        secrets,
        Boolean.TRUE.equals(c.getRestartDiscovered()),
        mounted,
        Durations.parseOr(
            c.getMountedFileDelay(), base.mountedFileDelay(), "consumers.mountedFileDelay"),
        Durations.parseOr(c.getMaxRevocationHold(), base.maxHold(), "consumers.maxRevocationHold"),
        base.fingerprintKey(),
        base.fieldManager());
  }

  /**
   * The policies a CostCredential must satisfy: the one that selects its namespace, then the one
   * {@code policyRef} names. A reference can only add limits, never lift the selecting policy's;
   * the last one's rotation defaults apply. A missing reference fails closed.
   */
  private List<ClusterRotationPolicy> governing(String ns, String ref) {
    List<ClusterRotationPolicy> out = new ArrayList<>();
    policies.governing(ns).ifPresent(out::add);
    if (ref != null && !ref.isBlank()) {
      ClusterRotationPolicy named =
          policies
              .named(ref)
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          Reasons.POLICY_UNAVAILABLE,
                          "spec.policyRef names ClusterRotationPolicy "
                              + ref
                              + ", which does not exist"));
      if (out.isEmpty()
          || !out.get(0).getMetadata().getName().equals(named.getMetadata().getName())) {
        out.add(named);
      }
    }
    return out;
  }

  /** The strictest maxInterval of the governing policies: spec.suspend does not lift it. */
  private static Duration policyMaxAge(List<ClusterRotationPolicy> governing) {
    return governing.stream()
        .map(ClusterRotationPolicy::getSpec)
        .filter(p -> p != null && p.getMaxInterval() != null)
        .map(p -> Durations.parse(p.getMaxInterval(), "maxInterval"))
        .min(Duration::compareTo)
        .orElse(null);
  }

  /** Closes the clients of a deleted CostCredential and forgets its Secrets. */
  @Override
  public void forget(CostCredential cr) {
    cache.forget(cr.getMetadata().getUid());
    memory.forget(cr.getMetadata().getUid());
  }

  /** How many Secrets are remembered (ledger content, store fingerprints, pool counts). */
  public int rememberedSecrets() {
    return memory.size();
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
      for (KeyMapping m : StoreFactory.keysOf(s)) {
        if (m.getField() != null && !fields.contains(m.getField())) {
          throw invalid(
              "the provider's credentials have the fields " + fields + ", not " + m.getField());
        }
      }
    }
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
