package io.costcred.operator.provider.vantage;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.TokenFormat;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.provider.PoolEntryTakenException;
import io.costcred.operator.store.SecretMemory;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The admin-filled Secret of unused Vantage tokens. Tokens are taken in key order; taking one is a
 * compare-and-swap on the Secret, so two CostCredentials sharing a pool never take the same token.
 * Fingerprints of taken tokens are remembered (this CostCredential's in its status, everyone's in
 * the pool's {@value #TAKEN} annotation) so a token put back is never used twice.
 */
public final class TokenPool {
  private static final Pattern BODY = Pattern.compile("[A-Za-z0-9_-]+");

  /**
   * Annotation on the pool Secret: fingerprints of tokens taken from it and who took them. A token
   * put back, or the same token under two keys, is never given to a second CostCredential.
   */
  public static final String TAKEN = "costcred.io/taken";

  static final int TAKEN_KEPT = 200;
  private static final String MEMORY = "pool";
  private static final int MAX_CONFLICTS = 10;
  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final List<TokenFormat> formats;
  private final Fingerprinter fingerprinter;
  private final Set<String> usedFingerprints;
  private final SecretMemory memory;
  private final String credentialUid;

  public TokenPool(
      KubernetesClient client,
      String namespace,
      String name,
      List<TokenFormat> formats,
      Fingerprinter fingerprinter,
      Set<String> usedFingerprints) {
    this(
        client, namespace, name, formats, fingerprinter, usedFingerprints, SecretMemory.NONE, null);
  }

  /**
   * @param memory remembers the pool's {@link Counts} per resourceVersion for the CostCredential
   *     {@code credentialUid} (never a token), so that an idle look at the pool reads nothing
   */
  public TokenPool(
      KubernetesClient client,
      String namespace,
      String name,
      List<TokenFormat> formats,
      Fingerprinter fingerprinter,
      Set<String> usedFingerprints,
      SecretMemory memory,
      String credentialUid) {
    this.memory = memory;
    this.credentialUid = credentialUid;
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.formats = formats;
    this.fingerprinter = fingerprinter;
    this.usedFingerprints = usedFingerprints;
  }

  /** A usable pool entry. */
  public record Entry(String key, SecretValue token) {}

  /** Usable entries in key order, and keys whose values are malformed. */
  public record Scan(List<Entry> usable, List<String> malformedKeys) {}

  /** How many tokens this CostCredential could take, and the keys whose values are malformed. */
  public record Counts(int usable, List<String> malformedKeys) {
    public Counts {
      malformedKeys = List.copyOf(malformedKeys);
    }
  }

  /** Counts remembered with what they depend on besides the Secret's version. */
  private record Remembered(Set<String> used, List<TokenFormat> formats, Counts counts) {}

  /** The pool Secret as last read or written by this instance (one reconcile). */
  private Secret known;

  /**
   * The pool's counts: remembered from the last scan while the pool Secret (uid and
   * resourceVersion, by the informer) and this credential's used tokens are unchanged.
   */
  public Counts counts() {
    Set<String> used = Set.copyOf(usedFingerprints);
    var kept = memory.recall(credentialUid, MEMORY, namespace, name, Remembered.class);
    if (known == null
        && kept.isPresent()
        && kept.get().used().equals(used)
        && kept.get().formats().equals(formats)) {
      return kept.get().counts();
    }
    Scan scan = scan();
    Counts counts = new Counts(scan.usable().size(), scan.malformedKeys());
    memory.remember(
        credentialUid, MEMORY, known, new Remembered(used, List.copyOf(formats), counts));
    return counts;
  }

  public Scan scan() {
    Secret secret = known != null ? known : read();
    known = secret;
    if (secret == null) {
      throw new NotFoundException(
          Reasons.SECRET_NOT_FOUND, "token pool Secret " + name + " not found");
    }
    Map<String, String> data = new TreeMap<>();
    if (secret.getData() != null) {
      data.putAll(secret.getData());
    }
    Map<String, String> taken = taken(secret);
    List<Entry> usable = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    for (Map.Entry<String, String> e : data.entrySet()) {
      String raw = decode(e.getValue());
      String trimmed = raw == null ? "" : raw.strip();
      if (!wellFormed(trimmed)) {
        malformed.add(e.getKey());
        continue;
      }
      SecretValue token = SecretValue.of(trimmed);
      String fp = fingerprinter.of(Credential.token(token));
      if (!usedFingerprints.contains(fp) && !taken.containsKey(fp)) {
        usable.add(new Entry(e.getKey(), token));
      }
    }
    return new Scan(usable, malformed);
  }

  /**
   * Takes a token out of the pool: one optimistic-locked update (the pool's resourceVersion) that
   * removes the key and records the token's fingerprint with the taker. On a conflict the pool is
   * read again and the take retried. A key that is gone, or holds another value, was taken by
   * someone else ({@link PoolEntryTakenException}), unless the record names this taker: that is
   * this taker's own earlier take (a retry after a crash), which counts as done.
   *
   * @param taker who takes it, unique per CostCredential and rotation (the rotation id)
   */
  public void take(String key, SecretValue token, String taker) {
    String fp = fingerprinter.of(Credential.token(token));
    for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      Secret secret = attempt == 0 && known != null ? new SecretBuilder(known).build() : read();
      if (secret == null) {
        throw new NotFoundException(
            Reasons.SECRET_NOT_FOUND, "token pool Secret " + name + " not found");
      }
      Map<String, String> taken = taken(secret);
      if (taker.equals(taken.get(fp))) {
        known = secret;
        return; // this taker's own take, repeated
      }
      String raw = secret.getData() == null ? null : decode(secret.getData().get(key));
      if (raw == null || !raw.strip().equals(token.reveal()) || taken.containsKey(fp)) {
        known = secret;
        throw new PoolEntryTakenException(key);
      }
      secret.getData().remove(key);
      if (secret.getStringData() != null) {
        secret.getStringData().remove(key);
      }
      taken.put(fp, taker);
      while (taken.size() > TAKEN_KEPT) {
        taken.remove(taken.keySet().iterator().next());
      }
      if (secret.getMetadata().getAnnotations() == null) {
        secret.getMetadata().setAnnotations(new HashMap<>());
      }
      secret.getMetadata().getAnnotations().put(TAKEN, format(taken));
      try {
        // The resourceVersion read above makes this a compare-and-swap.
        known = client.secrets().inNamespace(namespace).resource(secret).update();
        return;
      } catch (KubernetesClientException e) {
        known = null;
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    throw new TransientException(
        Reasons.KUBERNETES_API_ERROR,
        "token pool Secret " + name + " kept changing while a token was taken; retrying",
        Duration.ofSeconds(1),
        null);
  }

  private Secret read() {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  /** Fingerprint to taker of the last {@value #TAKEN_KEPT} takes, oldest first. */
  private static Map<String, String> taken(Secret secret) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> a = secret.getMetadata().getAnnotations();
    String v = a == null ? null : a.get(TAKEN);
    if (v == null || v.isBlank()) {
      return out;
    }
    for (String e : v.split(",")) {
      int eq = e.indexOf('=');
      if (eq > 0) {
        out.put(e.substring(0, eq).strip(), e.substring(eq + 1).strip());
      }
    }
    return out;
  }

  private static String format(Map<String, String> taken) {
    StringBuilder sb = new StringBuilder();
    taken.forEach(
        (fp, who) -> sb.append(sb.length() == 0 ? "" : ",").append(fp).append('=').append(who));
    return sb.toString();
  }

  private boolean wellFormed(String token) {
    for (TokenFormat f : formats) {
      if (token.startsWith(f.prefix())
          && BODY.matcher(token.substring(f.prefix().length())).matches()) {
        return true;
      }
    }
    return false;
  }

  private static String decode(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
