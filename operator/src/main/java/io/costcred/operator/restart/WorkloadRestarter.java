package io.costcred.operator.restart;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RestartTarget;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.TransientException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Restarts consumers by writing the credential fingerprint into their pod template. The value is
 * content-addressed, so a retry writes the same value and never restarts a workload twice.
 */
public final class WorkloadRestarter implements Restarter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;
  private final PatchMode mode;

  public WorkloadRestarter(KubernetesClient client, PatchMode mode) {
    this.client = client;
    this.mode = mode;
  }

  /** Expands names and selectors to workloads; a named target that does not exist is an error. */
  public List<WorkloadRef> resolve(String namespace, List<RestartTarget> targets) {
    Set<WorkloadRef> refs = new LinkedHashSet<>();
    for (RestartTarget t : targets) {
      var ops =
          client
              .genericKubernetesResources(t.getKind().apiVersion(), t.getKind().name())
              .inNamespace(namespace);
      if (t.getName() != null) {
        if (ops.withName(t.getName()).get() == null) {
          throw new NotFoundException(
              Reasons.RESTART_TARGET_NOT_FOUND,
              t.getKind() + " " + t.getName() + " not found in namespace " + namespace);
        }
        refs.add(new WorkloadRef(t.getKind(), t.getName()));
      } else {
        ops.withLabels(t.getMatchLabels()).list().getItems().stream()
            .map(r -> new WorkloadRef(t.getKind(), r.getMetadata().getName()))
            .sorted((a, b) -> a.name().compareTo(b.name()))
            .forEach(refs::add);
      }
    }
    return new ArrayList<>(refs);
  }

  /** Writes the fingerprint annotation, unless it is already there (no second restart). */
  @Override
  public void restart(String namespace, WorkloadRef ref, String fingerprint) {
    var resource = ops(namespace, ref);
    GenericKubernetesResource current = resource.get();
    if (current == null) {
      return; // deleted since it was resolved: no pods left that use the old token
    }
    if (fingerprint.equals(
        Workloads.templateAnnotation(current, Annotations.CREDENTIAL_FINGERPRINT))) {
      return;
    }
    try {
      if (mode == PatchMode.SERVER_SIDE_APPLY) {
        resource.patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(Annotations.FIELD_MANAGER)
                .withForce(true)
                .build(),
            applyBody(ref, fingerprint));
      } else {
        resource.patch(
            PatchContext.of(PatchType.JSON_MERGE), JSON.writeValueAsString(mergeBody(fingerprint)));
      }
    } catch (KubernetesClientException e) {
      throw new TransientException(
          Reasons.RESTART_FAILED,
          "patching " + ref.kind() + " " + ref.name() + " failed: HTTP " + e.getCode(),
          null,
          null);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How far the workload has rolled out. */
  @Override
  public RolloutState state(String namespace, WorkloadRef ref) {
    GenericKubernetesResource r = ops(namespace, ref).get();
    return r == null ? RolloutState.MISSING : Workloads.rolloutState(ref.kind(), r);
  }

  private io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> ops(
      String namespace, WorkloadRef ref) {
    return client
        .genericKubernetesResources(ref.kind().apiVersion(), ref.kind().name())
        .inNamespace(namespace)
        .withName(ref.name());
  }

  private static String applyBody(WorkloadRef ref, String fingerprint) {
    Map<String, Object> body =
        Map.of(
            "apiVersion", ref.kind().apiVersion(),
            "kind", ref.kind().name(),
            "metadata", Map.of("name", ref.name()),
            "spec", templateAnnotations(fingerprint));
    try {
      return JSON.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> mergeBody(String fingerprint) {
    return Map.of("spec", templateAnnotations(fingerprint));
  }

  private static Map<String, Object> templateAnnotations(String fingerprint) {
    return Map.of(
        "template",
        Map.of(
            "metadata",
            Map.of("annotations", Map.of(Annotations.CREDENTIAL_FINGERPRINT, fingerprint))));
  }
}
