package io.costcred.operator.store.vault;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.provider.ProviderObserver;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.rest.RestResponse;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The KV v2 HTTP calls of one secret, through vault-java-driver in KV v1 mode so that every path is
 * sent exactly as written ({@code <mount>/data/<path>}, {@code <mount>/metadata/<path>}) and the
 * driver adds no wrapping or retries of its own. A 403 is retried once after a fresh login.
 */
final class VaultKvClient {
  /** State of the secret: version 0 means it has never been written. */
  record Snapshot(long version, Map<String, JsonValue> data, Map<String, String> customMetadata) {
    boolean exists() {
      return version > 0;
    }
  }

  @FunctionalInterface
  private interface Call {
    LogicalResponse run() throws VaultException;
  }

  private final String storeId;
  private final String dataPath;
  private final String metadataPath;
  private final Vault vault;
  private final VaultSession session;
  private final ProviderObserver observer;

  VaultKvClient(String storeId, VaultStoreConfig c, Clock clock, ProviderObserver observer) {
    this.storeId = storeId;
    this.dataPath = c.mount() + "/data/" + c.path();
    this.metadataPath = c.mount() + "/metadata/" + c.path();
    VaultConfig config = config(c);
    this.vault = Vault.create(config, 1);
    this.session = new VaultSession(storeId, c.auth(), config, clock, observer);
    this.observer = observer;
  }

  VaultSession session() {
    return session;
  }

  /** Metadata and latest data; data is empty when the latest version is deleted. */
  Snapshot snapshot() {
    RestResponse meta = send("read metadata", () -> vault.logical().read(metadataPath));
    if (meta.getStatus() == 404) {
      return new Snapshot(0, Map.of(), Map.of());
    }
    JsonObject m = dataOf(ok(meta, "read metadata"));
    long version = m.getLong("current_version", 0);
    Map<String, String> custom = strings(m.get("custom_metadata"));
    Optional<Latest> latest = latest();
    if (latest.isPresent() && latest.get().version() != version) {
      throw VaultErrors.casConflict(storeId, version, latest.get().version());
    }
    return new Snapshot(version, latest.map(Latest::data).orElse(Map.of()), custom);
  }

  /** Latest data and its version, or empty when missing or deleted. */
  Optional<Latest> latest() {
    RestResponse r = send("read", () -> vault.logical().read(dataPath));
    if (r.getStatus() == 404) {
      return Optional.empty();
    }
    JsonObject d = dataOf(ok(r, "read"));
    JsonValue data = d.get("data");
    JsonValue meta = d.get("metadata");
    if (data == null || !data.isObject()) {
      return Optional.empty();
    }
    long version = meta != null && meta.isObject() ? meta.asObject().getLong("version", 0) : 0;
    Map<String, JsonValue> out = new LinkedHashMap<>();
    for (JsonObject.Member mem : data.asObject()) {
      out.put(mem.getName(), mem.getValue());
    }
    return Optional.of(new Latest(version, out));
  }

  record Latest(long version, Map<String, JsonValue> data) {}

  /** Writes a new version with check-and-set; returns the new version. */
  long write(Map<String, JsonValue> data, long cas) {
    JsonObject body = Json.object();
    data.forEach(body::add);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("data", body);
    request.put("options", Json.object().add("cas", cas));
    RestResponse r = send("write", () -> vault.logical().write(dataPath, request));
    if (r.getStatus() == 400) {
      // Vault answers 400 to a check-and-set mismatch; confirm it from the version, not the text.
      long now = currentVersion();
      if (now != cas) {
        throw VaultErrors.casConflict(storeId, cas, now);
      }
    }
    return dataOf(ok(r, "write")).getLong("version", cas + 1);
  }

  void writeCustomMetadata(Map<String, String> custom) {
    JsonObject cm = Json.object();
    custom.forEach(cm::add);
    RestResponse r =
        send(
            "write metadata",
            () -> vault.logical().write(metadataPath, Map.of("custom_metadata", cm)));
    ok(r, "write metadata");
  }

  /** Soft-deletes the latest version (recoverable with undelete). */
  void deleteLatest() {
    RestResponse r = send("delete", () -> vault.logical().delete(dataPath));
    if (r.getStatus() != 404) {
      ok(r, "delete");
    }
  }

  private long currentVersion() {
    RestResponse meta = send("read metadata", () -> vault.logical().read(metadataPath));
    return meta.getStatus() == 404
        ? 0
        : dataOf(ok(meta, "read metadata")).getLong("current_version", 0);
  }

  private RestResponse send(String op, Call call) {
    session.ensure();
    RestResponse r = attempt(op, call);
    if (r.getStatus() == 403 && session.relogin()) {
      r = attempt(op, call);
    }
    return r;
  }

  private RestResponse attempt(String op, Call call) {
    long start = System.nanoTime();
    String operation = op.replace(' ', '_');
    try {
      RestResponse r = call.run().getRestResponse();
      VaultSession.report(observer, operation, Integer.toString(r.getStatus()), start);
      return r;
    } catch (VaultException e) {
      if (e.getHttpStatusCode() > 0) {
        VaultSession.report(observer, operation, Integer.toString(e.getHttpStatusCode()), start);
        // The driver throws for 5xx (and for non-204 deletes); its message holds the body: dropped.
        return new RestResponse(e.getHttpStatusCode(), "", new byte[0]);
      }
      VaultSession.report(observer, operation, "io-error", start);
      throw VaultErrors.unreachable(storeId, op, e);
    }
  }

  private RestResponse ok(RestResponse r, String op) {
    int s = r.getStatus();
    if (s == 200 || s == 204) {
      return r;
    }
    throw VaultErrors.forStatus(storeId, op, s);
  }

  private JsonObject dataOf(RestResponse r) {
    try {
      JsonValue root = Json.parse(new String(r.getBody(), StandardCharsets.UTF_8));
      JsonValue data = root.isObject() ? root.asObject().get("data") : null;
      return data != null && data.isObject() ? data.asObject() : Json.object();
    } catch (RuntimeException e) {
      throw new PermanentException(
          Reasons.STORE_FAILED, storeId + ": Vault answered with a body that is not JSON");
    }
  }

  private static Map<String, String> strings(JsonValue v) {
    Map<String, String> out = new LinkedHashMap<>();
    if (v != null && v.isObject()) {
      for (JsonObject.Member m : v.asObject()) {
        out.put(m.getName(), m.getValue().isString() ? m.getValue().asString() : "");
      }
    }
    return out;
  }

  private static VaultConfig config(VaultStoreConfig c) {
    int seconds = (int) Math.max(1, c.timeout().toSeconds());
    HttpClient.Builder http =
        HttpClient.newBuilder().connectTimeout(c.timeout()).version(HttpClient.Version.HTTP_1_1);
    if (c.caBundlePem() != null) {
      http.sslContext(PemTrust.sslContext(c.caBundlePem()));
    }
    try {
      VaultConfig config =
          new VaultConfig()
              .environmentLoader(new NoEnvironment())
              .address(c.address())
              .engineVersion(1)
              .openTimeout(seconds)
              .readTimeout(seconds)
              .httpClient(http.build());
      if (c.namespace() != null) {
        config.nameSpace(c.namespace());
      }
      return config.build();
    } catch (VaultException e) {
      throw new PermanentException(
          Reasons.INVALID_SPEC, "vault store: invalid Vault client settings");
    }
  }

  /** The driver reads VAULT_* variables for unset settings; the spec alone must decide. */
  private static final class NoEnvironment extends EnvironmentLoader {
    @Override
    public String loadVariable(String name) {
      return null;
    }
  }
}
