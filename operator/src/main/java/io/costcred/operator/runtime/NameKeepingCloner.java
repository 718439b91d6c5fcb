package io.costcred.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * JOSDK's cloner (a copy through the client's serialization, as its default) whose copy keeps the
 * name and namespace instances of the original. JOSDK hands the reconciler a copy of the cached
 * object; whatever the reconcile keeps of it for longer (the per-credential gauges, the restart
 * series) then holds the name the informer's store shares, not a copy of its own (D59: the third
 * copy of each credential's name in the bench's heap dumps).
 */
final class NameKeepingCloner implements Cloner {
  private final KubernetesSerialization serialization;

  NameKeepingCloner(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  @Override
  public <R extends HasMetadata> R clone(R object) {
    R copy = serialization.clone(object);
    if (object.getMetadata() != null && copy != null && copy.getMetadata() != null) {
      copy.getMetadata().setName(object.getMetadata().getName());
      copy.getMetadata().setNamespace(object.getMetadata().getNamespace());
    }
    return copy;
  }
}
