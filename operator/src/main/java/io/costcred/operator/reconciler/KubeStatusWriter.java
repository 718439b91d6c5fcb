package io.costcred.operator.reconciler;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.ConflictException;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.rotation.StatusWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Replaces the status subresource with the resourceVersion the operator last saw: a concurrent
 * writer (or a stale leader) gets a conflict instead of silently overwriting the write-ahead log.
 * The object the API server answers with carries the name instance of the object written (the one
 * the informer's store shares, D59), so what is kept of it (the metrics) is no copy of its own.
 */
public final class KubeStatusWriter implements StatusWriter {
  private final KubernetesClient client;

  public KubeStatusWriter(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public CostCredential write(CostCredential cr) {
    try {
      CostCredential written =
          client
              .resources(CostCredential.class)
              .inNamespace(cr.getMetadata().getNamespace())
              .resource(cr)
              .updateStatus();
      String name = cr.getMetadata().getName();
      if (written != null
          && written.getMetadata() != null
          && name != null
          && name.equals(written.getMetadata().getName())) {
        written.getMetadata().setName(name);
      }
      return written;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ConflictException("status changed since it was read");
      }
      throw new TransientException(
          Reasons.STORE_FAILED, "status update answered HTTP " + e.getCode(), null, null);
    }
  }
}
