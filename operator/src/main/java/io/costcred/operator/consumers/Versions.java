package io.costcred.operator.consumers;

/**
 * resourceVersions kept as a number: the API server's are decimal etcd revisions, and a long takes
 * 8 bytes where the string takes about 50. Any other value is kept as unknown: the informer then
 * reports a relisted object as updated, and the record comparison drops the event.
 */
public final class Versions {
  /** An unknown or non-numeric version. */
  public static final long UNKNOWN = -1;

  private Versions() {}

  public static long pack(String resourceVersion) {
    if (resourceVersion == null
        || resourceVersion.isEmpty()
        || resourceVersion.length() > 18
        || !resourceVersion.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return UNKNOWN;
    }
    return Long.parseLong(resourceVersion);
  }

  /** The version as the API server wrote it, or null when unknown. */
  public static String unpack(long version) {
    return version == UNKNOWN ? null : Long.toString(version);
  }
}
