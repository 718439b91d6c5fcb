package io.costcred.operator.consumers;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Secrets a pod spec reads, and how: {@code env[].valueFrom.secretKeyRef} and {@code
 * envFrom[].secretRef} of every container, init and ephemeral container ({@link Access#Env}), and
 * {@code secret} and {@code projected} volumes by how each container mounts them ({@link
 * Access#SubPath} with {@code subPath} or {@code subPathExpr}, else {@link Access#Volume}). A
 * volume no container mounts is not read: the kubelet mounts only volumes containers use.
 */
public final class SecretReads {
  /** The seven non-empty sets of {@link Access}, shared by every answer (by bit mask). */
  private static final List<Set<Access>> SETS = sets();

  private SecretReads() {}

  /** Secret name to how it is read; empty when the spec reads none. Immutable. */
  public static Map<String, Set<Access>> of(PodSpec spec) {
    if (spec == null) {
      return Map.of();
    }
    Map<String, Integer> masks = new TreeMap<>();
    Map<String, List<String>> volumes = secretVolumes(spec.getVolumes());
    for (var c : nonNull(spec.getContainers())) {
      container(c.getEnv(), c.getEnvFrom(), c.getVolumeMounts(), volumes, masks);
    }
    for (var c : nonNull(spec.getInitContainers())) {
      container(c.getEnv(), c.getEnvFrom(), c.getVolumeMounts(), volumes, masks);
    }
    for (var c : nonNull(spec.getEphemeralContainers())) {
      container(c.getEnv(), c.getEnvFrom(), c.getVolumeMounts(), volumes, masks);
    }
    if (masks.isEmpty()) {
      return Map.of();
    }
    Map<String, Set<Access>> out = new HashMap<>();
    masks.forEach((name, mask) -> out.put(name, SETS.get(mask)));
    return Map.copyOf(out);
  }

  /** The shared immutable set equal to {@code access}; empty for an empty set. */
  public static Set<Access> canonical(Set<Access> access) {
    int mask = 0;
    for (Access a : access) {
      mask |= bit(a);
    }
    return SETS.get(mask);
  }

  private static void container(
      List<EnvVar> env,
      List<EnvFromSource> envFrom,
      List<VolumeMount> mounts,
      Map<String, List<String>> volumes,
      Map<String, Integer> masks) {
    for (EnvVar e : nonNull(env)) {
      var from = e.getValueFrom();
      if (from != null && from.getSecretKeyRef() != null) {
        add(masks, from.getSecretKeyRef().getName(), Access.Env);
      }
    }
    for (EnvFromSource e : nonNull(envFrom)) {
      if (e.getSecretRef() != null) {
        add(masks, e.getSecretRef().getName(), Access.Env);
      }
    }
    for (VolumeMount m : nonNull(mounts)) {
      List<String> secrets = volumes.get(m.getName());
      if (secrets == null) {
        continue;
      }
      Access how =
          isSet(m.getSubPath()) || isSet(m.getSubPathExpr()) ? Access.SubPath : Access.Volume;
      secrets.forEach(s -> add(masks, s, how));
    }
  }

  /** Volume name to the Secrets it projects, for {@code secret} and {@code projected} volumes. */
  private static Map<String, List<String>> secretVolumes(List<Volume> volumes) {
    Map<String, List<String>> out = new HashMap<>();
    for (Volume v : nonNull(volumes)) {
      List<String> names = new ArrayList<>();
      if (v.getSecret() != null && isSet(v.getSecret().getSecretName())) {
        names.add(v.getSecret().getSecretName());
      }
      if (v.getProjected() != null) {
        for (VolumeProjection p : nonNull(v.getProjected().getSources())) {
          if (p.getSecret() != null && isSet(p.getSecret().getName())) {
            names.add(p.getSecret().getName());
          }
        }
      }
      if (!names.isEmpty() && v.getName() != null) {
        out.put(v.getName(), names);
      }
    }
    return out;
  }

  private static void add(Map<String, Integer> masks, String secret, Access how) {
    if (isSet(secret)) {
      masks.merge(secret, bit(how), (a, b) -> a | b);
    }
  }

  private static int bit(Access a) {
    return 1 << a.ordinal();
  }

  private static boolean isSet(String s) {
    return s != null && !s.isEmpty();
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static List<Set<Access>> sets() {
    List<Set<Access>> out = new ArrayList<>();
    for (int mask = 0; mask < 1 << Access.values().length; mask++) {
      EnumSet<Access> s = EnumSet.noneOf(Access.class);
      for (Access a : Access.values()) {
        if ((mask & bit(a)) != 0) {
          s.add(a);
        }
      }
      out.add(Collections.unmodifiableSet(s));
    }
    return List.copyOf(out);
  }
}
