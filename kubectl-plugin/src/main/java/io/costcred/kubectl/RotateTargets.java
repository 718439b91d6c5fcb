package io.costcred.kubectl;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which CostCredentials {@code rotate} acts on: explicit names, a label selector or {@code --all},
 * in one namespace or (with {@code -A}) all. An emergency rotation takes explicit names only, so a
 * mistyped selector cannot emergency-rotate a namespace or a cluster.
 */
record RotateTargets(
    List<String> names, String selector, boolean all, boolean allNamespaces, boolean emergency) {

  /** One CostCredential to rotate. */
  record Target(String namespace, String name) {}

  /** The targets, in namespace then name order; {@code namespace} is null with {@code -A}. */
  List<Target> resolve(Api api, String namespace) {
    validate();
    if (!names.isEmpty()) {
      return new LinkedHashSet<>(names).stream().map(n -> new Target(namespace, n)).toList();
    }
    return api.list(namespace, selector).stream()
        .map(v -> new Target(v.namespace(), v.name()))
        .toList();
  }

  /** Exit code 2 for combinations that are ambiguous or unsafe. */
  void validate() {
    boolean bulk = selector != null || all;
    if (emergency && (bulk || allNamespaces)) {
      throw CliException.usage(
          "--emergency takes explicit CostCredential names only, not -l, --all or -A: an"
              + " emergency rotation revokes tokens at once, so name each credential");
    }
    if (!names.isEmpty() && bulk) {
      throw CliException.usage("give NAMEs, -l SELECTOR or --all, not several of them");
    }
    if (selector != null && all) {
      throw CliException.usage("give -l SELECTOR or --all, not both");
    }
    if (allNamespaces && !bulk) {
      throw CliException.usage("-A needs -l SELECTOR or --all (names are looked up in -n)");
    }
    if (names.isEmpty() && !bulk) {
      throw CliException.usage("rotate needs a NAME, -l SELECTOR or --all");
    }
    if (selector != null && selector.isBlank()) {
      throw CliException.usage("-l needs a non-empty selector (use --all for every credential)");
    }
  }
}
