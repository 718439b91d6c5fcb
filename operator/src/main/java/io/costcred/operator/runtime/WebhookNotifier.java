package io.costcred.operator.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.SecretKeyRef;
import io.costcred.operator.connection.EgressPolicy;
import io.costcred.operator.core.CostCredException;
import io.costcred.operator.rotation.RotationObserver;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts emergency progress to a Slack or Teams incoming webhook ({@code {"text": ...}} is accepted
 * by both). The URL is itself a secret and comes from a Secret; it is never logged. The text
 * carries what users wrote (the emergency reason), so it is made inert first: see {@link #inert}.
 */
final class WebhookNotifier implements RotationObserver {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Slack cuts a message at 40,000 characters; ours stay far below. */
  private static final int TEXT_LIMIT = 4000;

  /** An {@code @} that starts a word, as a mention does ({@code a@b.c} is left alone). */
  private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.+-])@");

  private final KubernetesClient client;
  private final OkHttpClient http;
  private final EgressPolicy egress;

  WebhookNotifier(KubernetesClient client, OkHttpClient http, EgressPolicy egress) {
    this.client = client;
    this.http = http;
    this.egress = egress;
  }

  @Override
  public void emergency(CostCredential cr, String stage, String message) {
    var n = cr.getSpec() == null ? null : cr.getSpec().getNotification();
    if (n == null || n.getWebhookUrlSecretRef() == null) {
      return;
    }
    String url = url(cr, n.getWebhookUrlSecretRef());
    if (url == null) {
      LOG.warn("notification webhook Secret of {} missing", cr.getMetadata().getName());
      return;
    }
    try {
      egress.check(url, "the notification webhook of " + cr.getMetadata().getName());
    } catch (CostCredException e) {
      LOG.warn("notification webhook not sent: {}", e.getMessage());
      return;
    }
    String text =
        "costcred-operator: emergency rotation of "
            + cr.getMetadata().getNamespace()
            + "/"
            + cr.getMetadata().getName()
            + " "
            + stage
            + ": "
            + message;
    try {
      RequestBody body =
          RequestBody.create(JSON.writeValueAsString(Map.of("text", inert(text))), JSON_TYPE);
      http.newCall(new Request.Builder().url(url).post(body).build())
          .enqueue(
              new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                  LOG.warn("notification webhook failed: {}", e.getClass().getSimpleName());
                }

                @Override
                public void onResponse(Call call, Response response) {
                  response.close();
                }
              });
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("notification webhook not sent: {}", e.getClass().getSimpleName());
    }
  }

  /**
   * {@code text} on one line, with nothing Slack or Teams acts on: {@code & < >} escaped as Slack
   * asks (so {@code <!channel>}, {@code <@U123>}, {@code <https://x|label>} and Teams {@code <at>}
   * arrive as text), a Markdown link {@code [label](url)} broken apart so the label cannot hide the
   * address, and a word-initial {@code @} replaced by a full-width one so no mention fires.
   */
  static String inert(String text) {
    String s = Text.safe(text, TEXT_LIMIT);
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    s = s.replace("](", "] (");
    return MENTION.matcher(s).replaceAll("\uFF20");
  }

  private String url(CostCredential cr, SecretKeyRef ref) {
    Secret s =
        client.secrets().inNamespace(cr.getMetadata().getNamespace()).withName(ref.getName()).get();
    String key = ref.getKey() == null ? "url" : ref.getKey();
    if (s == null || s.getData() == null || s.getData().get(key) == null) {
      return null;
    }
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8)
        .trim();
  }
}
