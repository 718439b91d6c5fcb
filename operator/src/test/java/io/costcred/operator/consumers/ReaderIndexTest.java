package io.costcred.operator.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReaderIndexTest {
  private final ReaderIndex index = new ReaderIndex();

  /** One reader, a few, many (a set beyond {@link ReaderIndex#SMALL}) and back, by identity. */
  @Test
  void keepsOneFewOrManyReadersPerSecretByIdentity() {
    Object web = "web".getBytes();
    Object sameText = "web".getBytes(); // another object of the same name: another reader
    index.add("s", web);
    index.add("s", web);
    assertThat(index.of("s")).containsExactly(web);
    index.add("s", sameText);
    assertThat(index.of("s")).hasSize(2);

    Object[] many = new Object[20];
    for (int i = 0; i < many.length; i++) {
      many[i] = ("p" + i).getBytes();
      index.add("shared", many[i]);
    }
    assertThat(index.of("shared")).containsExactlyInAnyOrder(many);
    for (int i = 0; i < many.length - 1; i++) {
      index.remove("shared", many[i]);
    }
    assertThat(index.of("shared")).containsExactly(many[many.length - 1]);
    index.remove("shared", many[many.length - 1]);
    assertThat(index.of("shared")).isEmpty();

    index.remove("s", web);
    index.remove("s", sameText);
    assertThat(index.isEmpty()).isTrue();
  }

  /** Against a map of sets as the model, over growths, shrinks and gap closing. */
  @Test
  void agreesWithAMapOfSetsOverRandomChanges() {
    Random random = new Random(60);
    Object[] names = new Object[400];
    for (int i = 0; i < names.length; i++) {
      names[i] = ("n" + i).getBytes();
    }
    Map<String, Set<Object>> model = new HashMap<>();
    for (int step = 0; step < 100_000; step++) {
      String secret = "s" + random.nextInt(random.nextBoolean() ? 5 : 2_000);
      Object name = names[random.nextInt(names.length)];
      if (random.nextInt(3) > 0) {
        index.add(secret, name);
        model.computeIfAbsent(secret, k -> new HashSet<>()).add(name);
      } else {
        index.remove(secret, name);
        Set<Object> set = model.get(secret);
        if (set != null && set.remove(name) && set.isEmpty()) {
          model.remove(secret);
        }
      }
      if (step % 1_000 == 0) {
        assertThat(index.size()).isEqualTo(model.size());
        model.forEach((s, set) -> assertThat(index.of(s)).containsExactlyInAnyOrderElementsOf(set));
      }
    }
    assertThat(index.size()).isEqualTo(model.size());
    model.forEach((s, set) -> assertThat(index.of(s)).containsExactlyInAnyOrderElementsOf(set));
  }
}
