package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.ConsumerKind;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How one CostCredential treats the consumers of its Kubernetes Secret stores (from {@code
 * spec.consumers}).
 *
 * @param secrets store Secret name to the id of its store ({@code kubernetesSecret/<name>})
 * @param restartDiscovered restart discovered restartable workloads too
 * @param reloadsMountedFile consumers declared to re-read a mounted file ({@link #key})
 * @param mountedFileDelay how long the kubelet takes to refresh a mounted Secret
 * @param maxHold how long past its deadline a held revocation waits at most
 * @param fingerprintKey the credential's pod-template annotation key
 * @param fieldManager the credential's server-side-apply field manager
 */
public record ConsumerPolicy(
    Map<String, String> secrets,
    boolean restartDiscovered,
    Set<String> reloadsMountedFile,
    Duration mountedFileDelay,
    Duration maxHold,
    String fingerprintKey,
    String fieldManager) {

  static final Duration DEFAULT_MOUNTED_FILE_DELAY = Duration.ofMinutes(2);
  static final Duration DEFAULT_MAX_HOLD = Duration.ofHours(72);

  public ConsumerPolicy {
    secrets = Map.copyOf(secrets);
    reloadsMountedFile = Set.copyOf(reloadsMountedFile);
  }

  /** No Kubernetes Secret store, no declarations: the defaults for credential {@code name}. */
  public static ConsumerPolicy defaults(String name) {
    return new ConsumerPolicy(
        Map.of(),
        false,
        Set.of(),
        DEFAULT_MOUNTED_FILE_DELAY,
        DEFAULT_MAX_HOLD,
        Annotations.fingerprintKey(name),
        Annotations.fieldManager(name));
  }

  /** The same policy reading other store Secrets. */
  public ConsumerPolicy withSecrets(Map<String, String> secrets) {
    return new ConsumerPolicy(
        secrets,
        restartDiscovered,
        reloadsMountedFile,
        mountedFileDelay,
        maxHold,
        fingerprintKey,
        fieldManager);
  }

  /**
   * True when a discovered consumer that is not a restart target is restarted too: {@link
   * #restartDiscovered}, a restartable kind, and not declared to re-read a mounted file.
   */
  boolean restartsDiscovered(ConsumerKind kind, String name) {
    return restartDiscovered
        && kind.restartable() != null
        && !reloadsMountedFile.contains(key(kind, name));
  }

  /** How a consumer is named in {@link #reloadsMountedFile}. */
  public static String key(ConsumerKind kind, String name) {
    return kind.name() + "/" + name;
  }
}
