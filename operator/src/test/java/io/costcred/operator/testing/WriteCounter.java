package io.costcred.operator.testing;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Counts the requests the client sends: writes (anything but GET) and reads. */
public final class WriteCounter implements Interceptor {
  public final List<String> writes = new CopyOnWriteArrayList<>();
  public final List<String> reads = new CopyOnWriteArrayList<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String method = request.method();
    String line = method + " " + request.uri().getPath();
    if ("GET".equals(method)) {
      reads.add(line);
    } else {
      writes.add(line);
    }
  }

  public void reset() {
    writes.clear();
    reads.clear();
  }
}
