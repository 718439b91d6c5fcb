package io.costcred.kubectl;

/** The {@code -o} formats of list and describe. */
public enum Output {
  table,
  json,
  yaml
}
