package io.costcred.operator.policy;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.api.v1alpha1.ClusterRotationPolicyStatus;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.core.CostCredException;
import io.costcred.operator.core.Periodic;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the status of every ClusterRotationPolicy current (validity, ties, namespaces selected,
 * CostCredentials governed). Reads caches only; writes a status only when it differs from the
 * cached one, at most {@code maxWrites} per pass, so an idle cluster sees no writes.
 */
public final class PolicyStatusWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyStatusWriter.class);
  private final KubernetesClient client;
  private final KubePolicySource source;
  private final Supplier<? extends Collection<CostCredential>> credentials;
  private final Clock clock;
  private final Duration period;
  private final int maxWrites;
  private ScheduledExecutorService executor;

  public PolicyStatusWriter(
      KubernetesClient client,
      KubePolicySource source,
      Supplier<? extends Collection<CostCredential>> credentials,
      Clock clock,
      Duration period,
      int maxWrites) {
    this.client = client;
    this.source = source;
    this.credentials = credentials;
    this.clock = clock;
    this.period = period;
    this.maxWrites = maxWrites;
  }

  /** Starts the periodic passes (idempotent); call it on the leader only. */
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor = Periodic.every("policy-status", period, this::safePass);
  }

  /** Stops the passes, e.g. when leadership is lost; {@link #start} resumes them. */
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void safePass() {
    try {
      pass();
    } catch (CostCredException | KubernetesClientException e) {
      LOG.debug("ClusterRotationPolicy status pass skipped: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("ClusterRotationPolicy status pass failed", e);
    }
  }

  /** One pass: the number of statuses written. */
  int pass() {
    List<ClusterRotationPolicy> policies = source.policies();
    if (policies.isEmpty()) {
      // Nothing to write, so the cache is not read: each cached CostCredential is unpacked per
      // read.
      return 0;
    }
    Map<String, ClusterRotationPolicyStatus> desired =
        PolicyStatuses.compute(policies, source.namespaces(), credentials.get(), clock.instant());
    int writes = 0;
    for (ClusterRotationPolicy p :
        policies.stream().sorted(Comparator.comparing(x -> x.getMetadata().getName())).toList()) {
      ClusterRotationPolicyStatus want = desired.get(p.getMetadata().getName());
      if (writes >= maxWrites) {
        LOG.debug("{} ClusterRotationPolicy status writes this pass; the rest wait", writes);
        break;
      }
      if (!want.equals(p.getStatus())) {
        write(p.getMetadata().getName(), want);
        writes++;
      }
    }
    return writes;
  }

  private void write(String name, ClusterRotationPolicyStatus status) {
    // Only status: a merge patch of the whole object would carry a null spec.
    String patch = client.getKubernetesSerialization().asJson(Map.of("status", status));
    try {
      client
          .resources(ClusterRotationPolicy.class)
          .withName(name)
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
