package io.costcred.kubectl;

/** The {@code -o} formats of the read commands. */
public enum Output {
  table,
  wide,
  json,
  yaml;

  /** json or yaml: the machine-readable formats. */
  boolean structured() {
    return this == json || this == yaml;
  }
}
