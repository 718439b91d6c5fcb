package io.costcred.operator.consumers;

import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.costcred.operator.core.Interner;
import io.costcred.operator.core.NameTable;
import io.costcred.operator.restart.RolloutState;
import io.costcred.operator.restart.Workloads;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Compacts fabric8 objects into the records the caches keep. Pure: no I/O. */
public final class Records {
  /** Prefix of the annotations kept: the operator's own. */
  static final String PREFIX = "costcred.io/";

  private Records() {}

  /** A Pod: phase, deletion, controller, {@code costcred.io/} annotations and Secret reads. */
  public static PodRecord pod(Pod p, PodRecord before) {
    ObjectMeta m = p.getMetadata();
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    NameTable.Place at = place(m, before);
    return new PodRecord(
        at.namespace(),
        at.name(),
        Versions.pack(m.getResourceVersion()),
        epochSeconds(m.getCreationTimestamp()),
        PodRecord.Phase.of(phase),
        m.getDeletionTimestamp() != null,
        Owner.controllerOf(m.getOwnerReferences()),
        ours(m.getAnnotations()),
        Interner.intern(SecretReads.of(p.getSpec())));
  }

  /** A ReplicaSet: its controller (Deployment or Rollout) and its template's reads. */
  public static TemplateRecord replicaSet(ReplicaSet rs, TemplateRecord before) {
    return owned(
        rs.getMetadata(),
        before,
        rs.getSpec() == null ? null : template(rs.getSpec().getTemplate()));
  }

  /** A Job: its controller (CronJob) and its template's reads. */
  public static TemplateRecord job(Job job, TemplateRecord before) {
    return owned(
        job.getMetadata(),
        before,
        job.getSpec() == null ? null : template(job.getSpec().getTemplate()));
  }

  /** A CronJob: the reads of its job template's pod template. */
  public static TemplateRecord cronJob(CronJob cj, TemplateRecord before) {
    var spec = cj.getSpec();
    PodSpec pod =
        spec == null || spec.getJobTemplate() == null || spec.getJobTemplate().getSpec() == null
            ? null
            : template(spec.getJobTemplate().getSpec().getTemplate());
    return owned(cj.getMetadata(), before, pod);
  }

  /**
   * A workload read as a generic object: uid, labels, the {@code costcred.io/} annotations of its
   * template (of its metadata for a Rollout), the template's reads and its rollout state. The
   * template is converted only when {@code previous} was taken at another generation: status
   * updates, most of a workload's events, cost no conversion.
   */
  public static TemplateRecord workload(
      WorkloadKind kind,
      GenericKubernetesResource r,
      TemplateRecord previous,
      KubernetesSerialization serialization) {
    ObjectMeta m = r.getMetadata();
    long generation = m.getGeneration() == null ? -1 : m.getGeneration();
    Map<String, Set<Access>> reads;
    Map<String, String> annotations;
    if (previous != null && generation >= 0 && previous.generation() == generation) {
      reads = previous.reads();
      annotations =
          kind == WorkloadKind.Rollout ? ours(m.getAnnotations()) : previous.annotations();
    } else {
      Object template = path(r.getAdditionalProperties(), "spec", "template");
      PodTemplateSpec t = podTemplate(template, serialization);
      reads = Interner.intern(t == null ? Map.of() : SecretReads.of(t.getSpec()));
      annotations =
          kind == WorkloadKind.Rollout
              ? ours(m.getAnnotations())
              : ours(
                  t == null || t.getMetadata() == null ? null : t.getMetadata().getAnnotations());
    }
    RolloutState state = Workloads.rolloutState(kind, r);
    NameTable.Place at = place(m, previous);
    return new TemplateRecord(
        at.namespace(),
        at.name(),
        Versions.pack(m.getResourceVersion()),
        m.getUid(),
        generation,
        null,
        m.getLabels() == null ? Map.of() : m.getLabels(),
        annotations,
        reads,
        state);
  }

  /** Only the {@code costcred.io/} annotations, shared between equal maps. */
  static Map<String, String> ours(Map<String, String> annotations) {
    if (annotations == null || annotations.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    annotations.forEach(
        (k, v) -> {
          if (k.startsWith(PREFIX) && v != null) {
            out.put(k, v);
          }
        });
    return out.isEmpty() ? Map.of() : Interner.intern(Map.copyOf(out));
  }

  private static TemplateRecord owned(ObjectMeta m, TemplateRecord before, PodSpec pod) {
    NameTable.Place at = place(m, before);
    return new TemplateRecord(
        at.namespace(),
        at.name(),
        Versions.pack(m.getResourceVersion()),
        null,
        -1,
        Owner.controllerOf(m.getOwnerReferences()),
        Map.of(),
        Map.of(),
        Interner.intern(SecretReads.of(pod)),
        null);
  }

  private static NameTable.Place place(ObjectMeta m, CachedRecord before) {
    return NameTable.Place.of(m.getNamespace(), m.getName(), before);
  }

  /** The template as a typed object; one the model cannot read counts as reading nothing. */
  private static PodTemplateSpec podTemplate(Object template, KubernetesSerialization s) {
    if (!(template instanceof Map<?, ?>)) {
      return null;
    }
    try {
      return s.convertValue(template, PodTemplateSpec.class);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static PodSpec template(PodTemplateSpec t) {
    return t == null ? null : t.getSpec();
  }

  private static long epochSeconds(String timestamp) {
    if (timestamp == null) {
      return 0;
    }
    try {
      return Instant.parse(timestamp).getEpochSecond();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  private static Object path(Map<String, Object> root, String... keys) {
    return io.costcred.operator.restart.Workloads.path(root, keys);
  }
}
