package io.costcred.operator.notify;

/**
 * A webhook URL: itself a secret (Slack and Teams URLs carry their credential in the path), so
 * {@link #toString()} is redacted and only {@link #value()} gives it, to the HTTP client.
 */
public final class WebhookUrl {
  private final String value;

  public WebhookUrl(String value) {
    this.value = value;
  }

  /** The URL, for the request only. */
  String value() {
    return value;
  }

  @Override
  public String toString() {
    return "WebhookUrl[redacted]";
  }
}
