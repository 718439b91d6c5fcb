package io.costcred.operator.reconciler;

import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.rotation.EventSink;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events; a failure to record an Event never fails a rotation. */
public final class KubeEventSink implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(KubeEventSink.class);
  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;

  public KubeEventSink(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  @Override
  public void emit(CostCredential cr, boolean warning, String reason, String message) {
    String now = io.costcred.operator.rotation.Times.format(clock.instant());
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                cr.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
            .withNamespace(cr.getMetadata().getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(cr.getApiVersion())
                    .withKind(cr.getKind())
                    .withName(cr.getMetadata().getName())
                    .withNamespace(cr.getMetadata().getNamespace())
                    .withUid(cr.getMetadata().getUid())
                    .build())
            .withType(warning ? "Warning" : "Normal")
            .withReason(Text.safe(reason, 128))
            .withMessage(Text.safe(message, Text.REASON))
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent("costcred-operator")
            .withHost(instance)
            .endSource()
            .withReportingComponent("costcred-operator")
            .withReportingInstance(instance)
            .build();
    try {
      client.v1().events().inNamespace(cr.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} on {}: HTTP {}",
          reason,
          cr.getMetadata().getName(),
          e.getCode());
    }
  }
}
