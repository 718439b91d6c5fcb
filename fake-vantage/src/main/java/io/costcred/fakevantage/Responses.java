package io.costcred.fakevantage;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading request bodies and writing JSON responses on an {@link HttpExchange}. */
final class Responses {
  static final int MAX_BODY_BYTES = 64 * 1024;

  private Responses() {}

  /** The request body as UTF-8, or null when it exceeds {@link #MAX_BODY_BYTES}. */
  static String readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) >= 0) {
        if (buf.size() + n > MAX_BODY_BYTES) {
          return null;
        }
        buf.write(chunk, 0, n);
      }
      return buf.toString(StandardCharsets.UTF_8);
    }
  }

  /** Vantage's error body: {@code {"errors": ["..."]}}. */
  static Map<String, Object> errors(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errors", List.of(message));
    return body;
  }

  /** A short, fixed message for a status; never derived from request data. */
  static String reason(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Invalid or missing bearer token.";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 429:
        return "Rate limit exceeded.";
      case 500:
        return "Internal Server Error";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      default:
        return "HTTP " + status;
    }
  }

  static void sendError(HttpExchange exchange, int status, String message) throws IOException {
    send(exchange, status, errors(message));
  }

  /** Writes {@code body} as JSON; headers already set on the exchange are kept. */
  static void send(HttpExchange exchange, int status, Object body) throws IOException {
    drain(exchange);
    byte[] bytes = Json.encode(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  // Unread request bytes would otherwise poison the next request on a kept-alive connection.
  private static void drain(HttpExchange exchange) {
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException ignored) {
      // The client may already have gone; the response write below will surface that.
    }
  }
}
