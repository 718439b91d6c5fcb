package io.costcred.operator.notify;

import io.costcred.operator.api.text.Text;
import java.util.regex.Pattern;

/** Makes text that users wrote inert in a Slack or Teams message. */
final class Inert {
  /** An {@code @} that starts a word, as a mention does ({@code a@b.c} is left alone). */
  private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.+-])@");

  private Inert() {}

  /**
   * {@code text} on one line of at most {@code limit} chars, with nothing Slack or Teams acts on:
   * {@code & < >} escaped as Slack asks (so {@code <!channel>}, {@code <@U123>}, {@code
   * <https://x|label>} and Teams {@code <at>} arrive as text), a Markdown link {@code [label](url)}
   * broken apart so the label cannot hide the address, and a word-initial {@code @} replaced by a
   * full-width one so no mention fires.
   */
  static String text(String text, int limit) {
    String s = Text.safe(text == null ? "" : text, limit);
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    s = s.replace("](", "] (");
    return MENTION.matcher(s).replaceAll("\uFF20");
  }
}
