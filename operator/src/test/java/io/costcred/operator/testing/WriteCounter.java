package io.costcred.operator.testing;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Counts every request the client sends that changes something on the API server. */
public final class WriteCounter implements Interceptor {
  public final List<String> writes = new CopyOnWriteArrayList<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String method = request.method();
    if (!"GET".equals(method)) {
      writes.add(method + " " + request.uri().getPath());
    }
  }

  public void reset() {
    writes.clear();
  }
}
