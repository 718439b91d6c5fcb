package io.costcred.operator.core;

import java.util.Objects;
import java.util.UUID;

/**
 * An object's uid, resourceVersion and one more version, as a cache record keeps them: as four
 * longs inside the record when they are what the API server gives (a canonical UUID, decimal
 * versions), else as their {@link CompactIds} forms. Four longs are 32 bytes in the record itself;
 * a UUID and two Longs beside it are 80 more. {@link #uid}, {@link #resourceVersion} and {@link
 * #version} give the {@link CompactIds} forms back (equal exactly when the texts are).
 */
public abstract class IdStamp {
  private final long uidHigh;
  private final long uidLow;
  private final long resourceVersion;
  private final long version;

  /** Null when the ids are packed into the longs above. */
  private final Odd odd;

  /** Ids that are not packed: no uid, a uid that is not a UUID, a version that is not a decimal. */
  private record Odd(Object uid, Object resourceVersion, Object version) {}

  /**
   * From the {@link CompactIds} forms of the uid and a resourceVersion, the other version alike.
   */
  protected IdStamp(Object uid, Object resourceVersion) {
    this(uid, resourceVersion, resourceVersion);
  }

  /** From the {@link CompactIds} forms of the uid and the two versions. */
  protected IdStamp(Object uid, Object resourceVersion, Object version) {
    if (uid instanceof UUID u && resourceVersion instanceof Long rv && version instanceof Long v) {
      this.uidHigh = u.getMostSignificantBits();
      this.uidLow = u.getLeastSignificantBits();
      this.resourceVersion = rv;
      this.version = v;
      this.odd = null;
    } else {
      this.uidHigh = 0;
      this.uidLow = 0;
      this.resourceVersion = 0;
      this.version = 0;
      this.odd = new Odd(uid, resourceVersion, version);
    }
  }

  /** The uid in its {@link CompactIds} form. */
  public final Object uid() {
    return odd == null ? new UUID(uidHigh, uidLow) : odd.uid();
  }

  /** The resourceVersion in its {@link CompactIds} form. */
  public final Object resourceVersion() {
    return odd == null ? (Object) resourceVersion : odd.resourceVersion();
  }

  /** The other version in its {@link CompactIds} form. */
  public final Object version() {
    return odd == null ? (Object) version : odd.version();
  }

  /** True when the uid and resourceVersion are these ({@link CompactIds} forms). */
  public final boolean is(Object uid, Object resourceVersion) {
    return Objects.equals(uid(), uid) && Objects.equals(resourceVersion(), resourceVersion);
  }
}
