package io.costcred.operator.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/** A secret string whose {@code toString()} never reveals it; compare with {@link #sameAs}. */
public final class SecretValue {
  private final String value;

  private SecretValue(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static SecretValue of(String value) {
    return new SecretValue(value);
  }

  /** The raw value: call only where it leaves the process to a store or provider. */
  public String reveal() {
    return value;
  }

  public byte[] bytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** Constant-time comparison. */
  public boolean sameAs(SecretValue other) {
    return other != null && MessageDigest.isEqual(bytes(), other.bytes());
  }

  @Override
  public String toString() {
    return "SecretValue[redacted]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretValue other && sameAs(other);
  }

  @Override
  public int hashCode() {
    return value.length();
  }
}
