package io.costcred.fakevantage;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An embeddable, thread-safe fake of the Vantage REST API (api.vantage.sh/v2) over real HTTP. */
public final class FakeVantage implements AutoCloseable {
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  static {
    // The JDK server writes headers and body in two segments; with Nagle's algorithm on, every
    // keep-alive response then stalls ~40 ms on the client's delayed ACK. The JDK reads this
    // once, when the first HttpServer in the JVM is created, so set it before that happens.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final TokenRegistry tokens;
  private final RateLimiter limiter;
  private final FaultInjector faults = new FaultInjector();
  private final AtomicInteger requests = new AtomicInteger();
  private final int defaultBudget;

  private FakeVantage(Builder builder) throws IOException {
    this.tokens = new TokenRegistry(builder.clock);
    this.limiter = new RateLimiter(builder.clock, builder.hourlyBudget);
    this.defaultBudget = builder.hourlyBudget;
    this.server = HttpServer.create(builder.bind, 64);
    this.executor = newExecutor();
    server.setExecutor(executor);
    server.createContext("/", ex -> Responses.sendError(ex, 404, "Route not found."));
    server.createContext("/v2", new ApiHandler(tokens, limiter, faults, requests));
    if (builder.adminApi) {
      server.createContext("/__admin", new AdminHandler(this));
    }
    server.start();
  }

  /** Starts a fake on {@code bind} (use port 0 for an ephemeral port) with the system clock. */
  public static FakeVantage start(InetSocketAddress bind) {
    return builder().bind(bind).start();
  }

  /** A builder for a fake with an injected clock, a budget, or the admin HTTP surface. */
  public static Builder builder() {
    return new Builder();
  }

  /** The server root, e.g. {@code http://127.0.0.1:PORT}; the API lives under {@code /v2}. */
  public URI baseUrl() {
    InetAddress address = server.getAddress().getAddress();
    String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
    if (address instanceof Inet6Address && !address.isAnyLocalAddress()) {
      host = "[" + host.replaceFirst("%.*$", "") + "]";
    }
    return URI.create("http://" + host + ":" + port());
  }

  /** The API root, {@link #baseUrl()} plus {@code /v2}. */
  public URI apiUrl() {
    return URI.create(baseUrl() + "/v2");
  }

  /** The bound TCP port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Issues a {@code vntg_tkn_} token, as an admin would in the console; returns its value. */
  public String issueToken(String description, Set<String> scopes) {
    return issueToken(TokenRegistry.DEFAULT_PREFIX, description, scopes);
  }

  /** Issues a token whose value is {@code prefix} plus 40 lowercase hex characters. */
  public String issueToken(String prefix, String description, Set<String> scopes) {
    return issue(prefix, description, scopes).value();
  }

  /** The public id ({@code accss_crdntl_...}) that {@code /v2/me} reports for a token. */
  public String tokenId(String tokenValue) {
    return known(tokenValue).id();
  }

  /** Revokes a token, as an admin would in the console; idempotent. */
  public void revoke(String tokenValue) {
    known(tokenValue).revoke();
  }

  /** Whether a token issued by this fake has been revoked. */
  public boolean isRevoked(String tokenValue) {
    return known(tokenValue).isRevoked();
  }

  /** All requests received under {@code /v2}, authenticated or not (admin calls excluded). */
  public int requestCount() {
    return requests.get();
  }

  /** Authenticated {@code /v2} calls made with this token (0 for an unknown token). */
  public int requestCount(String tokenValue) {
    IssuedToken token = tokens.find(tokenValue);
    return token == null ? 0 : token.requests();
  }

  /** Calls that presented this token after it was revoked, each answered 401. */
  public int rejectedCount(String tokenValue) {
    IssuedToken token = tokens.find(tokenValue);
    return token == null ? 0 : token.rejected();
  }

  /** Sets the account-wide hourly budget; requests already counted in this window still count. */
  public void setHourlyBudget(int requestsPerHour) {
    limiter.setLimit(requestsPerHour);
  }

  /** The current account-wide hourly budget. */
  public int hourlyBudget() {
    return limiter.limit();
  }

  /** Answers the next {@code count} API requests with {@code status} and an errors body. */
  public void failNext(int count, int status) {
    faults.failNext(count, status);
  }

  /** Holds each of the next {@code count} API requests for {@code delay} before answering. */
  public void delayNext(int count, Duration delay) {
    faults.delayNext(count, delay);
  }

  /** Answers the next {@code count} API requests 429 with {@code Retry-After: 1}. */
  public void rateLimitNext(int count) {
    rateLimitNext(count, DEFAULT_RETRY_AFTER);
  }

  /** Answers the next {@code count} API requests 429 announcing the given Retry-After. */
  public void rateLimitNext(int count, Duration retryAfter) {
    faults.rateLimitNext(count, retryAfter);
  }

  /**
   * Starts a fresh hourly window with the given budget, keeping every issued token, its counters
   * and any queued faults: as if an hour had passed in which nothing used the account. Unlike
   * {@link #reset()}, tokens handed out earlier (e.g. ones already in stores) stay valid.
   */
  public void resetRateWindow(int requestsPerHour) {
    limiter.reset(requestsPerHour);
  }

  /** Back to a freshly started state: no tokens, zero counts, no faults, the initial budget. */
  public void reset() {
    faults.clear();
    tokens.clear();
    requests.set(0);
    limiter.reset(defaultBudget);
  }

  /** Stops the server at once; idempotent. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  TokenRegistry.Issued issue(String prefix, String description, Set<String> scopes) {
    return tokens.issue(prefix, description, scopes);
  }

  /** Revokes and returns the token, or returns null when unknown (for the admin surface). */
  IssuedToken revokeIfKnown(String tokenValue) {
    IssuedToken token = tokens.find(tokenValue);
    if (token != null) {
      token.revoke();
    }
    return token;
  }

  List<IssuedToken> tokens() {
    return tokens.all();
  }

  private IssuedToken known(String tokenValue) {
    IssuedToken token = tokens.find(tokenValue);
    if (token == null) {
      // Deliberately does not quote the value: exception messages end up in logs.
      throw new IllegalArgumentException("no token with that value was issued by this fake");
    }
    return token;
  }

  private static ExecutorService newExecutor() {
    AtomicInteger threads = new AtomicInteger();
    // Unbounded so a delayed request never holds up others; daemon so a leaked fake never
    // keeps a test JVM alive.
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        30,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "fake-vantage-http-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** Configures and starts a {@link FakeVantage}. */
  public static final class Builder {
    private InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private Clock clock = Clock.systemUTC();
    private int hourlyBudget = RateLimiter.DEFAULT_HOURLY_BUDGET;
    private boolean adminApi;

    private Builder() {}

    /** Address to listen on; defaults to 127.0.0.1 with an ephemeral port. */
    public Builder bind(InetSocketAddress address) {
      this.bind = address;
      return this;
    }

    /** Clock for {@code created_at} and rate-limit windows; defaults to the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Account-wide requests per hour; defaults to Vantage's 1,000. */
    public Builder hourlyBudget(int requestsPerHour) {
      this.hourlyBudget = requestsPerHour;
      return this;
    }

    /** Serves the demo-only {@code /__admin/} surface (loopback binds only); off by default. */
    public Builder adminApi(boolean enabled) {
      this.adminApi = enabled;
      return this;
    }

    /** Binds and starts the server. */
    public FakeVantage start() {
      if (bind == null || clock == null) {
        throw new IllegalArgumentException("bind and clock must not be null");
      }
      if (hourlyBudget < 1) {
        throw new IllegalArgumentException("hourly budget must be at least 1");
      }
      if (adminApi && (bind.getAddress() == null || !bind.getAddress().isLoopbackAddress())) {
        // The admin surface mints tokens without auth, so it must never be reachable remotely.
        throw new IllegalArgumentException(
            "the admin API may only be served on a loopback address");
      }
      try {
        return new FakeVantage(this);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start fake-vantage on " + bind, e);
      }
    }
  }
}
