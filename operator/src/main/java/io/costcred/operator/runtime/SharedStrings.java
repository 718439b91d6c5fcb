package io.costcred.operator.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.CollectionType;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the string fields of this API's objects (CostCredential spec and status, policies,
 * connections) and of status conditions as the JVM's canonical instances ({@link String#intern()}:
 * weakly held, collected once nothing keeps them). At 1,000 cached CostCredentials ~57,000 strings
 * held only ~9,000 different values: condition types, reasons and messages, provider and preset
 * names, durations, timestamps of the same second, a fingerprint repeated in the current token,
 * each store and the consumed list.
 *
 * <p>Other kinds are read as before: a Secret's data, a Pod's arguments or a ConfigMap never reach
 * the string table, and neither do names and uids (unique anyway). Of every object's metadata only
 * the namespace and the finalizers are shared (a few values in a cluster), and the map of unknown
 * properties every {@link ObjectMeta} and {@link Condition} carries is, when empty (always, from an
 * API server of this version), replaced by the JDK's shared empty map: five maps of 56 bytes per
 * cached CostCredential. The operator never writes to those maps; labels and annotations stay
 * mutable maps. Every list is read into an {@link ArrayList} trimmed to its size: Jackson's lists
 * keep room for 10 elements, and a cached CostCredential has a dozen lists of one or two (32 bytes
 * each).
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

  @Override
  public JsonDeserializer<?> modifyDeserializer(
      DeserializationConfig config, BeanDescription bean, JsonDeserializer<?> deserializer) {
    Class<?> type = bean.getBeanClass();
    return type == ObjectMeta.class || type == Condition.class
        ? new Lean(deserializer)
        : deserializer;
  }

  @Override
  public JsonDeserializer<?> modifyCollectionDeserializer(
      DeserializationConfig config,
      CollectionType type,
      BeanDescription bean,
      JsonDeserializer<?> deserializer) {
    return new Lean(deserializer);
  }

  /** Shares what {@link #lean} shares once the object is read. */
  private static final class Lean extends DelegatingDeserializer {
    Lean(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Lean(delegate);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      return lean(super.deserialize(p, ctx));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object deserialize(JsonParser p, DeserializationContext ctx, Object into)
        throws IOException {
      return lean(((JsonDeserializer<Object>) _delegatee).deserialize(p, ctx, into));
    }
  }

  static Object lean(Object value) {
    if (value instanceof ArrayList<?> list) {
      list.trimToSize();
    } else if (value instanceof ObjectMeta m) {
      if (m.getAdditionalProperties() != null && m.getAdditionalProperties().isEmpty()) {
        m.setAdditionalProperties(Map.of());
      }
      if (m.getNamespace() != null) {
        m.setNamespace(m.getNamespace().intern());
      }
      if (m.getFinalizers() != null) {
        m.getFinalizers().replaceAll(f -> f == null ? null : f.intern());
      }
    } else if (value instanceof Condition c
        && c.getAdditionalProperties() != null
        && c.getAdditionalProperties().isEmpty()) {
      c.setAdditionalProperties(Map.of());
    }
    return value;
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
