package io.costcred.e2e.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An attacker's listener on 127.0.0.1: records every request it receives (method, path, headers,
 * body) and answers each with a fixed status and JSON body. What it captured is evidence; it is
 * never printed (it may hold credentials), only counted and inspected.
 */
public final class CaptureServer implements AutoCloseable {
  /** One request as received. Header names are lower case. */
  public record Request(
      String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private final String name;
  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body = "{}";
  private volatile String location;

  private CaptureServer(String name, HttpServer server) {
    this.name = name;
    this.server = server;
  }

  /** Starts a listener on a free 127.0.0.1 port. */
  public static CaptureServer start(String name) {
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      CaptureServer c = new CaptureServer(name, s);
      s.createContext("/", c::handle);
      s.setExecutor(Executors.newFixedThreadPool(2, r -> daemon(r, "capture-" + name)));
      s.start();
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Thread daemon(Runnable r, String threadName) {
    Thread t = new Thread(r, threadName);
    t.setDaemon(true);
    return t;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String received = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, List<String>> headers = new java.util.TreeMap<>();
      ex.getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
      requests.add(
          new Request(
              ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(headers), received));
      byte[] out = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      if (location != null) {
        ex.getResponseHeaders().add("Location", location);
      }
      ex.sendResponseHeaders(status, out.length);
      ex.getResponseBody().write(out);
    }
  }

  /** What every later request is answered with. */
  public void answer(int newStatus, String newBody) {
    this.status = newStatus;
    this.body = newBody;
  }

  /** Answers every later request with a redirect ({@code 307}) to {@code target}. */
  public void redirectTo(String target) {
    this.location = target;
    this.status = 307;
    this.body = "{}";
  }

  public String name() {
    return name;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>} (no trailing slash). */
  public String httpUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int count() {
    return requests.size();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Requests whose path starts with {@code prefix}. */
  public List<Request> requests(String prefix) {
    return requests.stream().filter(r -> r.path().startsWith(prefix)).toList();
  }

  public void clear() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
