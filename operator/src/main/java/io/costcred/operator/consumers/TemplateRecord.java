package io.costcred.operator.consumers;

import io.costcred.operator.core.CompactIds;
import io.costcred.operator.core.NameTable;
import io.costcred.operator.restart.RolloutState;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the caches keep of an object with a pod template (its name is the cache key): a workload
 * (Deployment, StatefulSet, DaemonSet, Rollout), a ReplicaSet, a Job or a CronJob. No spec, no
 * status beyond the rollout state, no annotation outside {@code costcred.io/}.
 *
 * @param namespace its namespace, shared ({@link io.costcred.operator.core.NameTable.Place})
 * @param name its name, as {@link NameTable#name} keeps it
 * @param version its resourceVersion ({@link Versions#pack})
 * @param uid its uid (workloads only, for the reference versions; else null), compact ({@link
 *     CompactIds#uid}: a UUID, 32 bytes instead of 80 as text); {@link #uidText} gives the text
 * @param generation its metadata.generation, or -1 (the template is read again only when it moves)
 * @param controller its controller when the owner chain follows that kind, else null
 * @param labels its labels (workloads only, for label-selected restart targets)
 * @param annotations the {@code costcred.io/} annotations of its pod template; of its metadata for
 *     a Rollout, where the restart writes the fingerprint (workloads only)
 * @param reads the Secrets its pod template reads
 * @param state its rollout state (workloads only; else null)
 */
public record TemplateRecord(
    String namespace,
    Object name,
    long version,
    Object uid,
    long generation,
    Owner controller,
    Map<String, String> labels,
    Map<String, String> annotations,
    Map<String, Set<Access>> reads,
    RolloutState state)
    implements CachedRecord {
  public TemplateRecord {
    uid = uid instanceof String text ? CompactIds.uid(text) : uid;
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    reads = Map.copyOf(reads);
  }

  /** The uid as the API server gave it, or null. */
  public String uidText() {
    return CompactIds.text(uid);
  }

  @Override
  public boolean sameUse(CachedRecord other) {
    return other instanceof TemplateRecord o
        && Objects.equals(uid, o.uid)
        && Objects.equals(controller, o.controller)
        && labels.equals(o.labels)
        && annotations.equals(o.annotations)
        && reads.equals(o.reads)
        && state == o.state;
  }
}
