package io.costcred.operator.api.v1alpha1;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Helpers for the spec unions' {@code kind()}: exactly one member set, or nothing. */
final class Unions {
  private Unions() {}

  /** {@code kind} when its member is set. */
  static <K> Optional<K> when(boolean set, K kind) {
    return set ? Optional.of(kind) : Optional.empty();
  }

  /** The one kind that is set; empty when none or several are. */
  static <K> Optional<K> only(Stream<Optional<K>> candidates) {
    List<K> set = candidates.flatMap(Optional::stream).toList();
    return set.size() == 1 ? Optional.of(set.get(0)) : Optional.empty();
  }
}
