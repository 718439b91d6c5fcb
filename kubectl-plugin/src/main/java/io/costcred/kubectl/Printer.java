package io.costcred.kubectl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;

/** {@code -o json} and {@code -o yaml}: the objects as stored, without managedFields. */
final class Printer {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Printer() {}

  static void print(Api api, PrintWriter out, Output format, JsonNode object) {
    JsonNode clean = withoutManagedFields(object);
    if (format == Output.yaml) {
      out.print(api.yaml(clean));
    } else {
      out.println(json(clean));
    }
  }

  /** Several objects as a {@code v1 List}, like {@code kubectl get -o json}. */
  static void printList(Api api, PrintWriter out, Output format, List<CredentialView> items) {
    ObjectNode list = MAPPER.createObjectNode();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    ArrayNode array = list.putArray("items");
    items.forEach(v -> array.add(withoutManagedFields(v.root())));
    print(api, out, format, list);
  }

  static String json(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode withoutManagedFields(JsonNode node) {
    JsonNode copy = node.deepCopy();
    JsonNode meta = copy.get("metadata");
    if (meta instanceof ObjectNode m) {
      m.remove("managedFields");
    }
    return copy;
  }
}
