package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text sent to Slack or Teams carries no mention, link markup or line break of a user's. */
class WebhookNotifierTest {
  @Test
  void slackControlSequencesArriveAsText() {
    assertThat(WebhookNotifier.inert("<!channel> <!here|here> <@U123> <#C1> <https://evil|x> &"))
        .isEqualTo(
            "&lt;!channel&gt; &lt;!here|here&gt; &lt;\uFF20U123&gt; &lt;#C1&gt;"
                + " &lt;https://evil|x&gt; &amp;");
  }

  @Test
  void teamsMentionsMarkdownLinksAndPlainMentionsAreInert() {
    assertThat(WebhookNotifier.inert("<at>Everyone</at> [click](https://evil.example) @team"))
        .isEqualTo("&lt;at&gt;Everyone&lt;/at&gt; [click] (https://evil.example) \uFF20team");
    assertThat(WebhookNotifier.inert("mail oncall@example.com (@lead)"))
        .isEqualTo("mail oncall@example.com (\uFF20lead)");
  }

  @Test
  void oneBoundedLine() {
    assertThat(WebhookNotifier.inert("a\nb\r\nc\u2028d\u202Ee")).isEqualTo("a b  c de");
    assertThat(WebhookNotifier.inert("x".repeat(10_000))).hasSize(4000);
  }
}
