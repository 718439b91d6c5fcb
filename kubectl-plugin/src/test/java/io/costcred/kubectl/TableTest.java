package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void alignsColumnsWithThreeSpacesAndMarksEmptyCells() {
    Table t = new Table("NAME", "READY", "POOL").row("a", "True", "2").row("longer-name", null, "");
    StringWriter s = new StringWriter();
    t.print(new PrintWriter(s, true), "  ");
    assertThat(s.toString())
        .isEqualTo(
            "  NAME          READY   POOL\n"
                + "  a             True    2\n"
                + "  longer-name   -       -\n");
    assertThat(t.size()).isEqualTo(2);
  }

  @Test
  void keepsEachRowOnOneLine() {
    Table t = new Table("MESSAGE").row("line one\nline two\ttab");
    StringWriter s = new StringWriter();
    t.print(new PrintWriter(s, true));
    assertThat(s.toString()).isEqualTo("MESSAGE\nline one line two tab\n");
  }

  @Test
  void rejectsRowsOfTheWrongWidth() {
    assertThatThrownBy(() -> new Table("A", "B").row("only one"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
