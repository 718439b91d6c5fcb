package io.costcred.operator.api.v1alpha1;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Helpers for the spec unions' {@code kind()}: exactly one member set, or nothing. */
final class Unions {
  private Unions() {}

  /**
   * The spec field of a union member, from its constant's name: {@code AWS_SECRETS_MANAGER} is
   * {@code awsSecretsManager}. One rule instead of a string per constant that could drift.
   */
  static String field(Enum<?> kind) {
    StringBuilder sb = new StringBuilder();
    boolean upper = false;
    for (char c : kind.name().toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        sb.append(upper ? c : Character.toLowerCase(c));
        upper = false;
      }
    }
    return sb.toString();
  }

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
