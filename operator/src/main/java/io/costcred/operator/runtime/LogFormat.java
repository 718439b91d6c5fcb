package io.costcred.operator.runtime;

/** How log lines are written: {@code text} (the default) or {@code json}, one object per line. */
public enum LogFormat {
  TEXT,
  JSON;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
