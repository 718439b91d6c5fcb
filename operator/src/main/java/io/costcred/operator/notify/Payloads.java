package io.costcred.operator.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costcred.operator.api.v1alpha1.NotificationFormat;
import java.time.format.DateTimeFormatter;

/**
 * Renders a notification as the JSON body each webhook kind expects. Slack and Teams bodies carry
 * user-written text only through {@link Inert}; the generic body is plain, bounded, one-line text
 * for programs.
 */
public final class Payloads {
  /** The {@code apiVersion} of the generic body; a breaking change gets a new version. */
  public static final String GENERIC_VERSION = "costcred.io/v1";

  static final ObjectMapper JSON = new ObjectMapper();
  private static final int LIMIT = Notification.MESSAGE_LIMIT;

  private Payloads() {}

  /** The request body for {@code format}. */
  public static String render(NotificationFormat format, Notification n) {
    ObjectNode body =
        switch (format) {
          case Slack -> slack(n);
          case Teams -> teams(n);
          case Generic -> generic(n);
        };
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a notification", e);
    }
  }

  /** One line for Slack's {@code text} (notifications and clients without blocks). */
  static String line(Notification n) {
    return "costcred-operator: " + n.title() + " for " + n.credential() + ": " + n.message();
  }

  private static String details(Notification n) {
    StringBuilder s = new StringBuilder();
    if (n.reason() != null) {
      s.append("reason ").append(n.reason());
    }
    if (n.rotationId() != null) {
      s.append(s.isEmpty() ? "" : " · ").append("rotation ").append(n.rotationId());
    }
    if (n.attempts() != null) {
      s.append(s.isEmpty() ? "" : " · ").append("attempts ").append(n.attempts());
    }
    return s.append(s.isEmpty() ? "" : " · ").append(time(n)).toString();
  }

  private static String time(Notification n) {
    return DateTimeFormatter.ISO_INSTANT.format(n.time());
  }

  static ObjectNode slack(Notification n) {
    ObjectNode body = JSON.createObjectNode();
    body.put("text", Inert.text(line(n), LIMIT + 200));
    ArrayNode blocks = body.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("text", Inert.text(n.title() + ": " + n.credential(), 150));
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", Inert.text(n.message(), LIMIT));
    ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
    context
        .addObject()
        .put("type", "mrkdwn")
        .put("text", Inert.text(n.severity() + " · " + details(n), 300));
    return body;
  }

  static ObjectNode teams(Notification n) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "message");
    ObjectNode attachment = body.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard").put("version", "1.4");
    ArrayNode items = card.putArray("body");
    items
        .addObject()
        .put("type", "TextBlock")
        .put("text", Inert.text(n.title() + ": " + n.credential(), 150))
        .put("weight", "Bolder")
        .put("size", "Medium")
        .put("color", color(n))
        .put("wrap", true);
    items
        .addObject()
        .put("type", "TextBlock")
        .put("text", Inert.text(n.message(), LIMIT))
        .put("wrap", true);
    ArrayNode facts = items.addObject().put("type", "FactSet").putArray("facts");
    fact(facts, "Credential", n.credential());
    fact(facts, "Event", n.event().name());
    fact(facts, "Reason", n.reason());
    fact(facts, "Rotation", n.rotationId());
    fact(facts, "Attempts", n.attempts() == null ? null : String.valueOf(n.attempts()));
    fact(facts, "Time", time(n));
    return body;
  }

  private static String color(Notification n) {
    return switch (n.severity()) {
      case "critical" -> "Attention";
      case "warning" -> "Warning";
      default -> "Good";
    };
  }

  private static void fact(ArrayNode facts, String title, String value) {
    if (value != null) {
      facts.addObject().put("title", title).put("value", Inert.text(value, 300));
    }
  }

  static ObjectNode generic(Notification n) {
    ObjectNode body = JSON.createObjectNode();
    body.put("apiVersion", GENERIC_VERSION).put("kind", "CostCredentialNotification");
    body.put("event", n.event().name()).put("severity", n.severity()).put("title", n.title());
    body.putObject("credential")
        .put("namespace", n.namespace())
        .put("name", n.name())
        .put("uid", n.uid());
    if (n.reason() != null) {
      body.put("reason", n.reason());
    }
    body.put("message", n.message());
    if (n.rotationId() != null) {
      body.put("rotationId", n.rotationId());
    }
    if (n.attempts() != null) {
      body.put("attempts", n.attempts());
    }
    return body.put("time", time(n));
  }
}
