package io.costcred.operator.core;

import io.costcred.operator.api.v1alpha1.Reasons;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** A credential as a set of named fields (token for Vantage; key id and secret for AWS). */
public record Credential(Map<String, SecretValue> fields) {
  public static final String TOKEN = "token";

  public Credential {
    fields = Collections.unmodifiableMap(new TreeMap<>(fields));
  }

  public static Credential token(SecretValue token) {
    return new Credential(Map.of(TOKEN, token));
  }

  public SecretValue field(String name) {
    SecretValue v = fields.get(name);
    if (v == null) {
      throw new PermanentException(Reasons.INVALID_SPEC, "credential has no field " + name);
    }
    return v;
  }

  @Override
  public String toString() {
    return "Credential" + fields.keySet();
  }
}
