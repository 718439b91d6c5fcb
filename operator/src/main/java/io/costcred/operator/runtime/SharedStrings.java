package io.costcred.operator.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the string fields of this API's objects (CostCredential spec and status, policies,
 * connections) and of status conditions as the JVM's canonical instances ({@link String#intern()}:
 * weakly held, collected once nothing keeps them). At 1,000 cached CostCredentials ~57,000 strings
 * held only ~9,000 different values: condition types, reasons and messages, provider and preset
 * names, durations, timestamps of the same second, a fingerprint repeated in the current token,
 * each store and the consumed list.
 *
 * <p>Other kinds are read as before: a Secret's data, a Pod's arguments or a ConfigMap never reach
 * the string table, and neither does metadata (names and uids are unique anyway).
 */
final class SharedStrings extends BeanDeserializerModifier {
  private static final String API_PACKAGE = CostCredential.class.getPackageName();

  private SharedStrings() {}

  static Module module() {
    return new SimpleModule("shared-strings").setDeserializerModifier(new SharedStrings());
  }

  /** True for the classes whose string fields are interned. */
  static boolean shared(Class<?> type) {
    return type.getPackageName().equals(API_PACKAGE) || type == Condition.class;
  }

  @Override
  public BeanDeserializerBuilder updateBuilder(
      DeserializationConfig config, BeanDescription bean, BeanDeserializerBuilder builder) {
    if (!shared(bean.getBeanClass())) {
      return builder;
    }
    List<SettableBeanProperty> strings = new ArrayList<>();
    builder
        .getProperties()
        .forEachRemaining(
            p -> {
              if (p.getType().hasRawClass(String.class) && !p.hasValueDeserializer()) {
                strings.add(p);
              }
            });
    strings.forEach(p -> builder.addOrReplaceProperty(p.withValueDeserializer(INTERNED), true));
    return builder;
  }

  private static final StdScalarDeserializer<String> INTERNED =
      new StdScalarDeserializer<>(String.class) {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
          String s = StringDeserializer.instance.deserialize(p, ctx);
          return s == null ? null : s.intern();
        }
      };
}
