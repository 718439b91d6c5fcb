package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.ConsumerRestart;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.StoreStatus;
import io.costcred.operator.consumers.Access;
import io.costcred.operator.consumers.Consumer;
import io.costcred.operator.consumers.PodView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which running pods still hold an older credential: pure, from the consumers the caches found and
 * the status. A pod is on the credential a store Secret holds now when
 *
 * <ul>
 *   <li>its {@code costcred.io/fp.<credential>} annotation (or the shared key of earlier releases)
 *       carries the store's fingerprint, or
 *   <li>it was created at or after the whole second following the publish ({@code publishedAt} is
 *       stored in whole seconds, rounded down, so a pod of that second may have read the old
 *       value), or
 *   <li>its consumer is declared in {@code reloadsMountedFile}, reads that Secret only through a
 *       volume without subPath, and the kubelet has had {@code mountedFileDelay} to refresh it.
 * </ul>
 *
 * A store with no recorded fingerprint or publish time gives no evidence of an older credential.
 */
final class CutOver {
  private CutOver() {}

  /**
   * A consumer with its verdict.
   *
   * @param restart how it gets the new credential
   * @param reads how it reads the store Secrets, all of them together
   * @param current running pods on the current credential
   * @param oldPods running pods that may hold an older one, by name
   */
  record Evaluated(
      Consumer consumer,
      ConsumerRestart restart,
      Set<Access> reads,
      int current,
      List<String> oldPods) {
    int pods() {
      return current + oldPods.size();
    }

    String label() {
      return consumer.kind() + " " + consumer.name();
    }
  }

  /**
   * @param targets restart targets as {@link ConsumerPolicy#key} values
   */
  static List<Evaluated> evaluate(
      List<Consumer> consumers,
      CostCredentialStatus st,
      ConsumerPolicy policy,
      Set<String> targets,
      Instant now) {
    List<Evaluated> out = new ArrayList<>();
    for (Consumer c : consumers) {
      String key = ConsumerPolicy.key(c.kind(), c.name());
      Set<Access> reads = EnumSet.noneOf(Access.class);
      c.reads().values().forEach(reads::addAll);
      boolean mounted = policy.reloadsMountedFile().contains(key);
      int current = 0;
      List<String> old = new ArrayList<>();
      for (PodView pod : c.runningPods()) {
        if (onCurrent(pod, c, mounted, st, policy, now)) {
          current++;
        } else {
          old.add(pod.name());
        }
      }
      out.add(new Evaluated(c, restart(c, key, mounted, targets, policy), reads, current, old));
    }
    return out;
  }

  private static ConsumerRestart restart(
      Consumer c, String key, boolean mounted, Set<String> targets, ConsumerPolicy policy) {
    if (targets.contains(key)) {
      return ConsumerRestart.Target;
    }
    if (mounted) {
      return ConsumerRestart.MountedFile;
    }
    if (policy.restartsDiscovered(c.kind(), c.name())) {
      return ConsumerRestart.Discovered;
    }
    return ConsumerRestart.NotRestarted;
  }

  private static boolean onCurrent(
      PodView pod,
      Consumer c,
      boolean mounted,
      CostCredentialStatus st,
      ConsumerPolicy policy,
      Instant now) {
    for (Map.Entry<String, Set<Access>> read : c.reads().entrySet()) {
      StoreStatus store = store(st, policy.secrets().get(read.getKey()));
      if (store == null || store.getFingerprint() == null) {
        continue;
      }
      Instant published = Times.parseOrNull(store.getPublishedAt());
      if (published == null) {
        continue;
      }
      String fp = store.getFingerprint();
      boolean stamped =
          fp.equals(pod.annotations().get(policy.fingerprintKey()))
              || fp.equals(pod.annotations().get(Annotations.CREDENTIAL_FINGERPRINT));
      boolean startedAfter = !pod.createdAt().isBefore(published.plusSeconds(1));
      boolean reloaded =
          mounted
              && read.getValue().equals(Set.of(Access.Volume))
              && !now.isBefore(published.plus(policy.mountedFileDelay()));
      if (!stamped && !startedAfter && !reloaded) {
        return false;
      }
    }
    return true;
  }

  private static StoreStatus store(CostCredentialStatus st, String id) {
    if (id == null) {
      return null;
    }
    return st.getStores().stream().filter(s -> id.equals(s.getStore())).findFirst().orElse(null);
  }

  /** The running pods still on an older credential, as "Kind name: pod, pod" phrases. */
  static List<String> stillOld(List<Evaluated> evaluated) {
    List<String> out = new ArrayList<>();
    for (Evaluated e : evaluated) {
      if (!e.oldPods().isEmpty()) {
        out.add(e.label() + " (pods " + String.join(", ", first(e.oldPods(), 3)) + more(e) + ")");
      }
    }
    return out;
  }

  private static String more(Evaluated e) {
    return e.oldPods().size() > 3 ? " and " + (e.oldPods().size() - 3) + " more" : "";
  }

  static <T> List<T> first(List<T> list, int n) {
    return list.size() <= n ? list : list.subList(0, n);
  }
}
