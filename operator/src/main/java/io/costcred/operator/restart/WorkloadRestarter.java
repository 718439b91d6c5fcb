package io.costcred.operator.restart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RestartTarget;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.TransientException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Restarts consumers by writing the credential fingerprint into their pod template (an Argo
 * Rollout: into its metadata, with {@code spec.restartAt}, which makes the Rollouts controller
 * replace its pods the way it expects). The value is content-addressed, so a retry writes the same
 * value and never restarts a workload twice. Lookups go to the informer caches first ({@link
 * WorkloadCache}) and to the API server only for what is not cached.
 */
public final class WorkloadRestarter implements Restarter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;
  private final PatchMode mode;
  private final WorkloadCache cache;

  public WorkloadRestarter(KubernetesClient client, PatchMode mode) {
    this(client, mode, WorkloadCache.NONE);
  }

  public WorkloadRestarter(KubernetesClient client, PatchMode mode, WorkloadCache cache) {
    this.client = client;
    this.mode = mode;
    this.cache = cache;
  }

  /** Expands names and selectors to workloads; a named target that does not exist is an error. */
  public List<WorkloadRef> resolve(String namespace, List<RestartTarget> targets) {
    Set<WorkloadRef> refs = new LinkedHashSet<>();
    for (RestartTarget t : targets) {
      if (t.getName() != null) {
        WorkloadRef ref = new WorkloadRef(t.getKind(), t.getName());
        if (lookup(namespace, ref).state() == RolloutState.MISSING) {
          throw new NotFoundException(
              Reasons.RESTART_TARGET_NOT_FOUND,
              t.getKind() + " " + t.getName() + " not found in namespace " + namespace);
        }
        refs.add(ref);
      } else {
        select(namespace, t.getKind(), t.getMatchLabels()).stream()
            .map(name -> new WorkloadRef(t.getKind(), name))
            .forEach(refs::add);
      }
    }
    return new ArrayList<>(refs);
  }

  /** Writes the stamp, unless the workload already carries its fingerprint (no second restart). */
  @Override
  public void restart(String namespace, WorkloadRef ref, Stamp stamp) {
    WorkloadCache.Snapshot current = lookup(namespace, ref);
    if (current.state() == RolloutState.MISSING) {
      return; // deleted since it was resolved: no pods left that use the old token
    }
    if (stamp.fingerprint().equals(current.annotations().get(stamp.annotationKey()))) {
      return;
    }
    Resource<GenericKubernetesResource> resource = ops(namespace, ref);
    try {
      if (mode == PatchMode.SERVER_SIDE_APPLY) {
        resource.patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(stamp.fieldManager())
                .withForce(true)
                .build(),
            json(applyBody(ref, stamp)));
      } else {
        resource.patch(PatchContext.of(PatchType.JSON_MERGE), json(mergeBody(ref, stamp)));
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return; // deleted between the lookup and the patch
      }
      throw new TransientException(
          Reasons.RESTART_FAILED,
          "patching " + ref.kind() + " " + ref.name() + " failed: HTTP " + e.getCode(),
          null,
          null);
    }
  }

  /** How far the workload has rolled out. */
  @Override
  public RolloutState state(String namespace, WorkloadRef ref) {
    return lookup(namespace, ref).state();
  }

  private WorkloadCache.Snapshot lookup(String namespace, WorkloadRef ref) {
    Optional<WorkloadCache.Snapshot> cached = cache.lookup(namespace, ref);
    if (cached.isPresent()) {
      return cached.get();
    }
    GenericKubernetesResource r = ops(namespace, ref).get();
    if (r == null) {
      return new WorkloadCache.Snapshot(RolloutState.MISSING, Map.of());
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    Map<String, String> source =
        ref.kind() == WorkloadKind.Rollout
            ? r.getMetadata().getAnnotations()
            : Workloads.templateAnnotations(r);
    if (source != null) {
      source.forEach(
          (k, v) -> {
            if (k.startsWith("costcred.io/")) {
              annotations.put(k, v);
            }
          });
    }
    return new WorkloadCache.Snapshot(Workloads.rolloutState(ref.kind(), r), annotations);
  }

  private List<String> select(String namespace, WorkloadKind kind, Map<String, String> labels) {
    Optional<List<String>> cached = cache.select(namespace, kind, labels);
    if (cached.isPresent()) {
      return cached.get();
    }
    return client
        .genericKubernetesResources(kind.apiVersion(), kind.name())
        .inNamespace(namespace)
        .withLabels(labels)
        .list()
        .getItems()
        .stream()
        .map(r -> r.getMetadata().getName())
        .sorted()
        .toList();
  }

  private Resource<GenericKubernetesResource> ops(String namespace, WorkloadRef ref) {
    return client
        .genericKubernetesResources(ref.kind().apiVersion(), ref.kind().name())
        .inNamespace(namespace)
        .withName(ref.name());
  }

  private static Map<String, Object> applyBody(WorkloadRef ref, Stamp stamp) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", ref.name());
    if (ref.kind() == WorkloadKind.Rollout) {
      metadata.putAll(annotations(stamp));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", ref.kind().apiVersion());
    body.put("kind", ref.kind().name());
    body.put("metadata", metadata);
    body.put("spec", spec(ref, stamp));
    return body;
  }

  private static Map<String, Object> mergeBody(WorkloadRef ref, Stamp stamp) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (ref.kind() == WorkloadKind.Rollout) {
      body.put("metadata", annotations(stamp));
    }
    body.put("spec", spec(ref, stamp));
    return body;
  }

  /**
   * A Rollout gets {@code spec.restartAt}, rounded up to a whole second so that every pod created
   * in the second the token was published is replaced too (the fingerprint goes to its metadata);
   * any other workload gets the fingerprint in its pod template.
   */
  private static Map<String, Object> spec(WorkloadRef ref, Stamp stamp) {
    if (ref.kind() == WorkloadKind.Rollout) {
      return Map.of(
          "restartAt", stamp.at().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString());
    }
    return Map.of("template", Map.of("metadata", annotations(stamp)));
  }

  private static Map<String, Object> annotations(Stamp stamp) {
    return Map.of("annotations", Map.of(stamp.annotationKey(), stamp.fingerprint()));
  }

  private static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
