package io.costcred.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves /healthz, /readyz and /metrics.
 *
 * <p>/metrics is streamed (chunked, written {@value #CHUNK} bytes at a time) instead of built as
 * one string: at 5,000 credentials the exposition is ~9.5 MB, and the JDK server keeps, per
 * keep-alive connection, a buffer as large as the largest single write it was given, so one
 * whole-body write left that much heap held between Prometheus scrapes, on top of the string and
 * its bytes while each scrape was built.
 */
public final class HealthServer implements AutoCloseable {
  static final int CHUNK = 16 * 1024;
  private final HttpServer server;

  public HealthServer(
      InetSocketAddress bind,
      BooleanSupplier live,
      BooleanSupplier ready,
      PrometheusMeterRegistry registry)
      throws IOException {
    server = HttpServer.create(bind, 0);
    server.createContext("/healthz", ex -> reply(ex, live.getAsBoolean() ? 200 : 503, "ok\n"));
    server.createContext("/readyz", ex -> reply(ex, ready.getAsBoolean() ? 200 : 503, "ok\n"));
    server.createContext("/metrics", ex -> metrics(ex, registry));
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "http");
              t.setDaemon(true);
              return t;
            }));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void metrics(HttpExchange ex, PrometheusMeterRegistry registry)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    ex.sendResponseHeaders(200, 0); // length unknown: chunked
    try (OutputStream out = bounded(ex.getResponseBody())) {
      registry.scrape(out);
    }
  }

  /**
   * {@code out} behind a buffer of {@value #CHUNK} bytes that also splits larger writes, so no
   * write below it is larger than that.
   */
  static OutputStream bounded(OutputStream out) {
    return new BufferedOutputStream(
        new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            for (int at = 0; at < len; at += CHUNK) {
              out.write(b, off + at, Math.min(CHUNK, len - at));
            }
          }
        },
        CHUNK);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
