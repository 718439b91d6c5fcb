package io.costcred.operator.consumers;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the Pod cache keeps of a Pod (its name is the cache key): no spec, no status beyond the
 * phase, no annotation outside {@code costcred.io/}.
 *
 * @param namespace its namespace, shared ({@link io.costcred.operator.core.NameTable.Place})
 * @param name its name, as {@link io.costcred.operator.core.NameTable#name} keeps it
 * @param version its resourceVersion ({@link Versions#pack})
 * @param createdAt its creationTimestamp in epoch seconds
 * @param phase its status.phase
 * @param terminating it has a deletionTimestamp
 * @param controller its controller when the owner chain follows that kind, else null
 * @param annotations its {@code costcred.io/} annotations
 * @param reads the Secrets its spec reads
 */
public record PodRecord(
    String namespace,
    Object name,
    long version,
    long createdAt,
    Phase phase,
    boolean terminating,
    Owner controller,
    Map<String, String> annotations,
    Map<String, Set<Access>> reads)
    implements CachedRecord {

  /** A Pod's status.phase; a value this operator does not know is Unknown. */
  public enum Phase {
    Pending,
    Running,
    Succeeded,
    Failed,
    Unknown;

    static Phase of(String phase) {
      for (Phase p : values()) {
        if (p.name().equals(phase)) {
          return p;
        }
      }
      return phase == null ? Pending : Unknown;
    }

    /** The Pod has stopped for good: it will not run, and reads nothing, again. */
    public boolean terminal() {
      return this == Succeeded || this == Failed;
    }
  }

  public PodRecord {
    Objects.requireNonNull(phase);
    annotations = Map.copyOf(annotations);
    reads = Map.copyOf(reads);
  }

  @Override
  public boolean sameUse(CachedRecord other) {
    return other instanceof PodRecord o
        && createdAt == o.createdAt
        && phase == o.phase
        && terminating == o.terminating
        && Objects.equals(controller, o.controller)
        && annotations.equals(o.annotations)
        && reads.equals(o.reads);
  }
}
