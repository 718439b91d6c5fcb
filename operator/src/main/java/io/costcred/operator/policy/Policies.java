package io.costcred.operator.policy;

import io.costcred.operator.api.v1alpha1.ClusterRotationPolicy;
import io.costcred.operator.api.v1alpha1.ClusterRotationPolicySpec;
import io.costcred.operator.api.v1alpha1.RotationPreset;
import io.costcred.operator.api.v1alpha1.RotationSpec;
import io.costcred.operator.api.v1alpha1.StoreSpec;
import io.costcred.operator.core.Durations;
import io.costcred.operator.core.PermanentException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Pure policy arithmetic: defaults and limits of a ClusterRotationPolicy. No I/O. */
public final class Policies {
  private Policies() {}

  /** A destination a CostCredential writes to: store type and name/path. */
  public record Destination(StoreSpec.Kind kind, String name) {
    /** The store type as policies name it ({@code allowedStores}), e.g. {@code vault}. */
    public String type() {
      return kind.field();
    }
  }

  static boolean selects(ClusterRotationPolicySpec spec, Map<String, String> namespaceLabels) {
    Map<String, String> selector = spec == null ? null : spec.getNamespaceSelector();
    return selector == null || namespaceLabels.entrySet().containsAll(selector.entrySet());
  }

  static int priority(ClusterRotationPolicySpec spec) {
    return spec == null || spec.getPriority() == null ? 0 : spec.getPriority();
  }

  /**
   * The policy that governs a namespace with these labels: the highest priority among those that
   * select it, then the name that sorts first.
   */
  static Optional<ClusterRotationPolicy> winner(
      Collection<ClusterRotationPolicy> policies, Map<String, String> namespaceLabels) {
    return policies.stream()
        .filter(p -> selects(p.getSpec(), namespaceLabels))
        .max(
            Comparator.comparingInt((ClusterRotationPolicy p) -> priority(p.getSpec()))
                .thenComparing(p -> p.getMetadata().getName(), Comparator.reverseOrder()));
  }

  /**
   * Why a policy cannot be applied as written: limits that contradict each other, or defaults that
   * break the policy's own limits (every CostCredential relying on them would fail). Empty when it
   * is valid.
   */
  static List<String> problems(ClusterRotationPolicySpec policy) {
    List<String> out = new ArrayList<>();
    if (policy == null) {
      return out;
    }
    try {
      Duration maxInterval = Durations.parseOr(policy.getMaxInterval(), null, "maxInterval");
      Duration maxGrace = Durations.parseOr(policy.getMaxGracePeriod(), null, "maxGracePeriod");
      if (maxInterval != null && maxGrace != null && maxGrace.compareTo(maxInterval) >= 0) {
        out.add("maxGracePeriod must be shorter than maxInterval");
      }
      RotationSpec d = policy.getDefaults();
      if (d == null) {
        return out;
      }
      RotationPreset preset = d.getPreset() == null ? RotationPreset.PRODUCTION : d.getPreset();
      Duration interval = Durations.parseOr(d.getInterval(), preset.interval(), "interval");
      Duration grace = Durations.parseOr(d.getGracePeriod(), Duration.ofHours(24), "gracePeriod");
      if (maxInterval != null && interval.compareTo(maxInterval) > 0) {
        out.add("the defaults rotate every " + text(interval) + ", beyond maxInterval");
      }
      if (maxGrace != null && grace.compareTo(maxGrace) > 0) {
        out.add("the defaults' gracePeriod " + text(grace) + " is beyond maxGracePeriod");
      }
    } catch (PermanentException e) {
      out.add(e.getMessage());
    }
    return out;
  }

  /** The CostCredential's own rotation settings, or the policy's defaults where it has none. */
  public static RotationSpec effectiveRotation(RotationSpec own, ClusterRotationPolicySpec policy) {
    if (own != null || policy == null || policy.getDefaults() == null) {
      return own == null ? new RotationSpec() : own;
    }
    return policy.getDefaults();
  }

  /** Every way the effective settings break the policy's limits; empty when they comply. */
  public static List<String> violations(
      ClusterRotationPolicySpec policy,
      String namespace,
      Duration interval,
      Duration grace,
      boolean hasWindows,
      List<Destination> destinations) {
    List<String> out = new ArrayList<>();
    if (policy == null) {
      return out;
    }
    if (policy.getMaxInterval() != null
        && interval.compareTo(Durations.parse(policy.getMaxInterval(), "maxInterval")) > 0) {
      out.add(
          "rotation interval "
              + interval
              + " exceeds the policy's maxInterval "
              + policy.getMaxInterval());
    }
    if (policy.getMaxGracePeriod() != null
        && grace.compareTo(Durations.parse(policy.getMaxGracePeriod(), "maxGracePeriod")) > 0) {
      out.add(
          "gracePeriod "
              + grace
              + " exceeds the policy's maxGracePeriod "
              + policy.getMaxGracePeriod());
    }
    if (Boolean.TRUE.equals(policy.getRequireMaintenanceWindow()) && !hasWindows) {
      out.add("the policy requires maintenance windows");
    }
    for (Destination d : destinations) {
      if (!policy.getAllowedStores().isEmpty() && !policy.getAllowedStores().contains(d.type())) {
        out.add("store type " + d.type() + " is not allowed by the policy");
      }
      List<String> prefixes = prefixes(policy, d.kind());
      if (prefixes != null
          && !prefixes.isEmpty()
          && prefixes.stream()
              .map(p -> p.replace("{namespace}", namespace))
              .noneMatch(d.name()::startsWith)) {
        out.add(d.type() + " destination " + d.name() + " is outside the allowed prefixes");
      }
    }
    return out;
  }

  /** A duration as the spec writes it, e.g. {@code 2160h} or {@code 1h30m}. */
  private static String text(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  /** The policy's allowed prefixes for a store kind; null where it has none. */
  private static List<String> prefixes(ClusterRotationPolicySpec policy, StoreSpec.Kind kind) {
    return switch (kind) {
      case KUBERNETES_SECRET -> null;
      case VAULT -> policy.getVaultPathPrefixes();
      case AWS_SECRETS_MANAGER -> policy.getAwsSecretNamePrefixes();
    };
  }
}
