package io.costcred.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Null-safe reads from a JSON tree: a missing field is null, never an exception. */
public final class Json {
  private Json() {}

  public static JsonNode at(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      if (n == null || !n.isObject()) {
        return null;
      }
      n = n.get(p);
    }
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }

  public static String text(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    if (n == null) {
      return null;
    }
    return n.isValueNode() ? n.asText() : n.toString();
  }

  public static Long number(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n != null && n.canConvertToLong() ? n.asLong() : null;
  }

  public static Boolean bool(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n != null && n.isBoolean() ? n.asBoolean() : null;
  }

  /** The elements of an array field; empty when absent. */
  public static List<JsonNode> list(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    List<JsonNode> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(out::add);
    }
    return out;
  }

  /** The text elements of an array field; empty when absent. */
  public static List<String> strings(JsonNode node, String... path) {
    return list(node, path).stream().map(JsonNode::asText).toList();
  }
}
