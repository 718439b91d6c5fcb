package io.costcred.operator.peers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A tiny HTTP proxy on 127.0.0.1 in front of a local peer (moto): forwards every request, except
 * that queued faults answer matching requests instead (throttling, 5xx, rejected keys).
 */
public final class FaultProxy implements AutoCloseable {
  private static final Set<String> HOP =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  /** A request as the proxy saw it. */
  public record Request(
      String method, String path, Map<String, List<String>> headers, String body) {
    /** The JSON protocol's operation, e.g. {@code secretsmanager.PutSecretValue}, or "". */
    public String target() {
      List<String> t = headers.get("X-amz-target");
      return t == null || t.isEmpty() ? "" : t.get(0);
    }

    /** The query protocol's operation (IAM, STS), e.g. {@code CreateAccessKey}, or "". */
    public String action() {
      for (String p : body.split("&")) {
        if (p.startsWith("Action=")) {
          return p.substring("Action=".length());
        }
      }
      return "";
    }

    /** True for any operation named {@code op} in either protocol. */
    public boolean is(String op) {
      return target().endsWith("." + op) || action().equals(op);
    }
  }

  /** A canned answer. */
  public record Fault(int status, Map<String, String> headers, String body) {
    /** Secrets Manager (JSON protocol) error. */
    public static Fault json(int status, String code) {
      return new Fault(
          status,
          Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-ErrorType", code),
          "{\"__type\":\"" + code + "\",\"message\":\"injected by FaultProxy\"}");
    }

    /** IAM / STS (query protocol) error. */
    public static Fault query(int status, String code) {
      return new Fault(
          status,
          Map.of("Content-Type", "text/xml"),
          "<ErrorResponse><Error><Type>Sender</Type><Code>"
              + code
              + "</Code><Message>injected by FaultProxy</Message></Error>"
              + "<RequestId>fault</RequestId></ErrorResponse>");
    }
  }

  private record Rule(Predicate<Request> match, Fault fault, AtomicInteger left) {}

  private final URI target;
  private final HttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final Deque<Rule> rules = new ArrayDeque<>();
  private final AtomicInteger faulted = new AtomicInteger();
  private final List<Request> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

  public FaultProxy(URI target) {
    this.target = target;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind the fault proxy", e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers the next {@code times} matching requests with {@code fault}. */
  public synchronized FaultProxy failNext(int times, Predicate<Request> match, Fault fault) {
    rules.add(new Rule(match, fault, new AtomicInteger(times)));
    return this;
  }

  public synchronized void clear() {
    rules.clear();
    faulted.set(0);
    seen.clear();
  }

  /** Every request received so far (faulted or forwarded). */
  public List<Request> requests() {
    return List.copyOf(seen);
  }

  /** How many requests were answered with a fault. */
  public int faulted() {
    return faulted.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      Request req =
          new Request(
              ex.getRequestMethod(),
              ex.getRequestURI().toString(),
              ex.getRequestHeaders(),
              new String(body, StandardCharsets.UTF_8));
      seen.add(req);
      Fault fault = take(req);
      if (fault != null) {
        faulted.incrementAndGet();
        fault.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        send(ex, fault.status(), fault.body().getBytes(StandardCharsets.UTF_8));
        return;
      }
      forward(ex, req, body);
    }
  }

  private synchronized Fault take(Request req) {
    for (Rule r : rules) {
      if (r.left().get() > 0 && r.match().test(req)) {
        r.left().decrementAndGet();
        return r.fault();
      }
    }
    return null;
  }

  private void forward(HttpExchange ex, Request req, byte[] body) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(target.resolve(req.path()))
            .timeout(Duration.ofSeconds(30))
            .method(req.method(), HttpRequest.BodyPublishers.ofByteArray(body));
    req.headers()
        .forEach(
            (k, vs) -> {
              if (!HOP.contains(k.toLowerCase())) {
                vs.forEach(v -> b.header(k, v));
              }
            });
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      r.headers()
          .map()
          .forEach(
              (k, vs) -> {
                if (!HOP.contains(k.toLowerCase()) && !k.startsWith(":")) {
                  vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
              });
      send(ex, r.statusCode(), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(ex, 502, new byte[0]);
    } catch (IOException e) {
      send(ex, 502, new byte[0]);
    }
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
