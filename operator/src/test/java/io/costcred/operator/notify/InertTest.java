package io.costcred.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text sent to Slack or Teams carries no mention, link markup or line break of a user's. */
class InertTest {
  @Test
  void slackControlSequencesArriveAsText() {
    assertThat(Inert.text("<!channel> <!here|here> <@U123> <#C1> <https://evil|x> &", 4000))
        .isEqualTo(
            "&lt;!channel&gt; &lt;!here|here&gt; &lt;\uFF20U123&gt; &lt;#C1&gt;"
                + " &lt;https://evil|x&gt; &amp;");
  }

  @Test
  void teamsMentionsMarkdownLinksAndPlainMentionsAreInert() {
    assertThat(Inert.text("<at>Everyone</at> [click](https://evil.example) @team", 4000))
        .isEqualTo("&lt;at&gt;Everyone&lt;/at&gt; [click] (https://evil.example) \uFF20team");
    assertThat(Inert.text("mail oncall@example.com (@lead)", 4000))
        .isEqualTo("mail oncall@example.com (\uFF20lead)");
  }

  @Test
  void oneBoundedLine() {
    assertThat(Inert.text("a\nb\r\nc\u2028d\u202Ee", 4000)).isEqualTo("a b  c de");
    assertThat(Inert.text("x".repeat(10_000), 4000)).hasSize(4000);
  }
}
