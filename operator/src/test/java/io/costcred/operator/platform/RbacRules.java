package io.costcred.operator.platform;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** RBAC rules flattened to "group/resource[#name]:verb" strings, and the checks the chart obeys. */
final class RbacRules {
  static final String CLUSTER = "(cluster)";

  /**
   * The operator's own ClusterRole or Role (named after the release): the only one that may list
   * and watch Secrets (chart value rbac.watchSecrets), to notice a missing Secret appearing.
   */
  private static final String OPERATOR_ROLE = "-costcred-operator";

  /** Verbs that let a subject grant itself more than it has. */
  private static final Set<String> ESCALATING = Set.of("escalate", "bind", "impersonate");

  private RbacRules() {}

  static List<String> of(List<PolicyRule> rules) {
    List<String> out = new ArrayList<>();
    for (PolicyRule r : rules) {
      for (String g : r.getApiGroups()) {
        for (String res : r.getResources()) {
          List<String> names = r.getResourceNames().isEmpty() ? List.of("") : r.getResourceNames();
          for (String n : names) {
            for (String v : r.getVerbs()) {
              out.add(
                  (g.isEmpty() ? "core" : g) + "/" + res + (n.isEmpty() ? "" : "#" + n) + ":" + v);
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Problems in any Role or ClusterRole: wildcards, escalation, Secret listing (by any role but the
   * operator's), URL rules.
   */
  static List<String> violations(List<HasMetadata> objects) {
    List<String> problems = new ArrayList<>();
    for (HasMetadata o : objects) {
      List<PolicyRule> rules;
      if (o instanceof ClusterRole cr) {
        rules = cr.getRules();
        if (cr.getAggregationRule() != null) {
          problems.add(name(o) + ": aggregationRule pulls in rules the chart does not show");
        }
      } else if (o instanceof Role r) {
        rules = r.getRules();
      } else {
        continue;
      }
      for (PolicyRule r : rules) {
        check(name(o), r, problems);
      }
    }
    return problems;
  }

  private static void check(String where, PolicyRule r, List<String> problems) {
    for (List<String> field : List.of(r.getVerbs(), r.getResources(), r.getApiGroups())) {
      if (field.stream().anyMatch(s -> s.contains("*"))) {
        problems.add(where + ": wildcard in " + r);
      }
    }
    if (!r.getNonResourceURLs().isEmpty()) {
      problems.add(where + ": nonResourceURLs " + r.getNonResourceURLs());
    }
    r.getVerbs().stream()
        .filter(ESCALATING::contains)
        .forEach(v -> problems.add(where + ": escalating verb " + v));
    if (r.getResources().contains("secrets")
        && (r.getVerbs().contains("list") || r.getVerbs().contains("watch"))
        && !where.endsWith(OPERATOR_ROLE)) {
      problems.add(where + ": lists or watches Secrets");
    }
  }

  /** What a ServiceAccount may do, by namespace ({@link #CLUSTER} for cluster-wide grants). */
  static Map<String, Set<String>> effective(List<HasMetadata> objects, String ns, String sa) {
    Map<String, Set<String>> grants = new TreeMap<>();
    for (HasMetadata o : objects) {
      if (o instanceof ClusterRoleBinding b && boundTo(b.getSubjects(), ns, sa)) {
        add(grants, CLUSTER, rulesOf(objects, b.getRoleRef(), null));
      } else if (o instanceof RoleBinding b && boundTo(b.getSubjects(), ns, sa)) {
        String where = b.getMetadata().getNamespace();
        add(grants, where, rulesOf(objects, b.getRoleRef(), where));
      }
    }
    return grants;
  }

  private static boolean boundTo(List<Subject> subjects, String ns, String sa) {
    return subjects.stream()
        .anyMatch(
            s ->
                "ServiceAccount".equals(s.getKind())
                    && sa.equals(s.getName())
                    && ns.equals(s.getNamespace()));
  }

  private static List<String> rulesOf(List<HasMetadata> objects, RoleRef ref, String ns) {
    for (HasMetadata o : objects) {
      boolean sameName = o.getMetadata().getName().equals(ref.getName());
      if ("ClusterRole".equals(ref.getKind()) && o instanceof ClusterRole cr && sameName) {
        return of(cr.getRules());
      }
      if ("Role".equals(ref.getKind())
          && o instanceof Role r
          && sameName
          && r.getMetadata().getNamespace().equals(ns)) {
        return of(r.getRules());
      }
    }
    throw new AssertionError("binding refers to a missing " + ref.getKind() + " " + ref.getName());
  }

  private static void add(Map<String, Set<String>> grants, String where, List<String> rules) {
    grants.computeIfAbsent(where, k -> new TreeSet<>()).addAll(rules);
  }

  private static String name(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
  }
}
