package io.costcred.operator.consumers;

import io.costcred.operator.core.NameTable;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link CompactStore} keeps of one object: immutable, no Secret value, no spec. It carries
 * its namespace and name ({@link NameTable.Named}): the store keeps no key string beside it.
 */
public interface CachedRecord extends NameTable.Named {
  /** The object's resourceVersion, packed by {@link Versions#pack}. */
  long version();

  /** The Secrets its pod spec or template reads, by name. */
  Map<String, Set<Access>> reads();

  /**
   * True when {@code other} differs from this one in nothing the operator uses (versions aside).
   */
  boolean sameUse(CachedRecord other);
}
