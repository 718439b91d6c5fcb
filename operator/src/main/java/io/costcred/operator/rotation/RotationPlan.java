package io.costcred.operator.rotation;

import io.costcred.operator.provider.CredentialProvider;
import io.costcred.operator.restart.WorkloadRef;
import io.costcred.operator.store.CredentialStore;
import io.costcred.operator.store.Ledger;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything one reconcile of a CostCredential works with, resolved from its spec: the provider,
 * the stores, the ledger, the restart targets, the timing policy and how consumers are treated.
 */
public record RotationPlan(
    CredentialProvider provider,
    List<CredentialStore> stores,
    Ledger ledger,
    Supplier<List<WorkloadRef>> targets,
    Schedule schedule,
    Duration gracePeriod,
    Duration rolloutTimeout,
    Duration reverifyInterval,
    Duration revocationCheckInterval,
    int poolLowWatermark,
    ConsumerPolicy consumers) {

  /** The same plan with another schedule (e.g. paused by spec.suspend). */
  public RotationPlan withSchedule(Schedule s) {
    return new RotationPlan(
        provider,
        stores,
        ledger,
        targets,
        s,
        gracePeriod,
        rolloutTimeout,
        reverifyInterval,
        revocationCheckInterval,
        poolLowWatermark,
        consumers);
  }

  /** The same plan with another provider (e.g. the provider bound to this reconcile's ledger). */
  public RotationPlan withProvider(CredentialProvider p) {
    return new RotationPlan(
        p,
        stores,
        ledger,
        targets,
        schedule,
        gracePeriod,
        rolloutTimeout,
        reverifyInterval,
        revocationCheckInterval,
        poolLowWatermark,
        consumers);
  }
}
