package io.costcred.operator.api.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void lineBreaksBecomeSpacesSoNoLineCanBeForged() {
    assertThat(Text.safe("x\n2026-01-01 INFO forged", 100)).isEqualTo("x 2026-01-01 INFO forged");
    assertThat(Text.safe("a\r\nb\tc\u000Bd\fe\u0085f\u2028g\u2029h", 100))
        .isEqualTo("a  b c d e f g h");
  }

  @Test
  void controlAndBidiCharactersAreRemoved() {
    assertThat(Text.safe("\u001b[31mred\u001b[0m\u0000\u0007\u007f\u009b", 100))
        .isEqualTo("[31mred[0m");
    assertThat(Text.safe("abc\u202Etxt.exe\u202C\u2066\u2067\u2068\u2069\u200E\u200F\u061C", 100))
        .isEqualTo("abctxt.exe");
  }

  @Test
  void truncatesWithoutSplittingASurrogatePair() {
    assertThat(Text.safe("abcdef", 3)).isEqualTo("abc");
    assertThat(Text.safe("ab\uD83D\uDE00", 3)).isEqualTo("ab");
    assertThat(Text.safe("ab\uD83D\uDE00", 4)).isEqualTo("ab\uD83D\uDE00");
    assertThat(Text.safe("a\uDE00b\uD83D", 10)).isEqualTo("ab");
    assertThat(Text.safe("x".repeat(5000), Text.REASON)).hasSize(Text.REASON);
  }

  @Test
  void ordinaryTextIsKept() {
    String s = "oncall@example.com: token pasted in #general (Zürich, 東京) 🙂";
    assertThat(Text.safe(s, 200)).isEqualTo(s);
    assertThat(Text.safe(null, 10)).isNull();
  }
}
