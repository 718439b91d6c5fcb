package io.costcred.operator.provider.vantage;

import io.costcred.operator.api.v1alpha1.TokenFormat;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.Reasons;
import io.costcred.operator.core.SecretValue;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The admin-filled Secret of unused Vantage tokens. Tokens are taken in key order and removed once
 * taken; fingerprints of taken tokens are remembered so a token put back is never used twice.
 */
public final class TokenPool {
  private static final Pattern BODY = Pattern.compile("[A-Za-z0-9_-]+");
  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final List<TokenFormat> formats;
  private final Fingerprinter fingerprinter;
  private final Set<String> usedFingerprints;

  public TokenPool(
      KubernetesClient client,
      String namespace,
      String name,
      List<TokenFormat> formats,
      Fingerprinter fingerprinter,
      Set<String> usedFingerprints) {
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

  /** The pool Secret as last read or written by this instance (one reconcile). */
  private Secret known;

  public Scan scan() {
    Secret secret =
        known != null ? known : client.secrets().inNamespace(namespace).withName(name).get();
    known = secret;
    if (secret == null) {
      throw new NotFoundException(
          Reasons.SECRET_NOT_FOUND, "token pool Secret " + name + " not found");
    }
    Map<String, String> data = new TreeMap<>();
    if (secret.getData() != null) {
      data.putAll(secret.getData());
    }
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
      if (!usedFingerprints.contains(fingerprinter.of(Credential.token(token)))) {
        usable.add(new Entry(e.getKey(), token));
      }
    }
    return new Scan(usable, malformed);
  }

  /**
   * Removes a taken token from the pool. Idempotent. Reuses the Secret this reconcile's scan read;
   * if an admin changed the pool since (a conflict), reads it again once.
   */
  public void remove(String key) {
    if (known != null) {
      try {
        known = removeFrom(new SecretBuilder(known).build(), key);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    known = removeFrom(client.secrets().inNamespace(namespace).withName(name).get(), key);
  }

  private Secret removeFrom(Secret secret, String key) {
    if (secret == null || secret.getData() == null || !secret.getData().containsKey(key)) {
      return secret;
    }
    secret.getData().remove(key);
    if (secret.getStringData() != null) {
      secret.getStringData().remove(key);
    }
    return client.secrets().inNamespace(namespace).resource(secret).update();
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
