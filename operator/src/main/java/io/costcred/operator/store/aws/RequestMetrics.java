package io.costcred.operator.store.aws;

import io.costcred.operator.provider.ProviderObserver;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Reports every AWS API call (IAM, STS, Secrets Manager) to a {@link ProviderObserver}: service,
 * operation name, final HTTP status (or {@code io-error}) and latency over all SDK attempts. Reads
 * names and status codes only, never a request or response body.
 */
final class RequestMetrics implements ExecutionInterceptor {
  private static final ExecutionAttribute<Long> START =
      new ExecutionAttribute<>("costcred.requestStart");

  private final ProviderObserver observer;

  RequestMetrics(ProviderObserver observer) {
    this.observer = observer;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(START, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    report(attributes, Integer.toString(context.httpResponse().statusCode()));
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    String outcome =
        context
            .httpResponse()
            .map(SdkHttpResponse::statusCode)
            .map(code -> Integer.toString(code))
            .orElse("io-error");
    report(attributes, outcome);
  }

  private void report(ExecutionAttributes attributes, String outcome) {
    Long start = attributes.getAttribute(START);
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (start == null || service == null || operation == null) {
      return;
    }
    observer.request(
        service.toLowerCase(Locale.ROOT),
        operation,
        outcome,
        Duration.ofNanos(System.nanoTime() - start));
  }
}
