package io.costcred.operator.store.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costcred.testsupport.OpenBaoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Direct KV v2 access with the root token, bypassing the store: the "other writer" of tests. */
final class KvAdmin {
  static final ObjectMapper JSON = new ObjectMapper();
  private final OpenBaoServer bao;
  private final String mount;
  private final String path;

  KvAdmin(OpenBaoServer bao, String mount, String path) {
    this.bao = bao;
    this.mount = mount;
    this.path = path;
  }

  /** Latest data, or an empty object when missing or deleted. */
  ObjectNode data() {
    OpenBaoServer.Answer a = bao.call("GET", mount + "/data/" + path, null);
    if (a.status() == 404) {
      return JSON.createObjectNode();
    }
    JsonNode d = parse(a.body()).path("data").path("data");
    return d.isObject() ? (ObjectNode) d.deepCopy() : JSON.createObjectNode();
  }

  void put(String key, String value) {
    ObjectNode data = data();
    data.put(key, value);
    ObjectNode body = JSON.createObjectNode();
    body.set("data", data);
    bao.ok("POST", mount + "/data/" + path, body.toString());
  }

  Optional<String> get(String key) {
    JsonNode v = data().get(key);
    return v == null ? Optional.empty() : Optional.of(v.asText());
  }

  JsonNode metadata() {
    return parse(bao.ok("GET", mount + "/metadata/" + path, null)).path("data");
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
