package dev.calibrate.connectors.shopify.fake;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GraphQL object of a response before projection: its type name and, per field, either a value
 * (null, String, Number, Boolean, List, another GqlObject) or a {@link Resolver} for fields that
 * take arguments or are costly. {@link Execution} renders only the fields the query selects, so
 * objects can offer more fields than any one query asks for.
 */
final class GqlObject {

    /** What rendering the object adds to the actual query cost, as Shopify counts it. */
    enum Cost {
        /** Plain objects cost 1. */
        OBJECT(1),
        /** Connections cost 2 plus their nodes. */
        CONNECTION(2),
        /** Edges, pageInfo and the root types are free. */
        FREE(0);

        final int points;

        Cost(int points) {
            this.points = points;
        }
    }

    /** Computes a field's value from its arguments. */
    interface Resolver {
        Object resolve(Args args);
    }

    /** A field's arguments, with variables substituted. */
    record Args(Map<String, Object> values, boolean bulk) {

        boolean has(String name) {
            return values.get(name) != null;
        }

        Object raw(String name) {
            return values.get(name);
        }

        String string(String name) {
            Object value = values.get(name);
            return value == null ? null : value.toString();
        }

        Integer integer(String name) {
            Object value = values.get(name);
            if (value == null) {
                return null;
            }
            return value instanceof Number number ? number.intValue() : Integer.valueOf(value.toString());
        }

        boolean bool(String name, boolean otherwise) {
            Object value = values.get(name);
            return value == null ? otherwise : Boolean.TRUE.equals(value) || "true".equals(value.toString());
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(String name) {
            return (Map<String, Object>) values.get(name);
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String name) {
            Object value = values.get(name);
            if (value == null) {
                return null;
            }
            return value instanceof List<?> list ? (List<Object>) list : List.of(value); // GraphQL input coercion
        }
    }

    final String typeName;
    final Cost cost;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    /** For connections: every node in the page (bulk queries emit them as separate lines). */
    List<GqlObject> connectionNodes = List.of();

    private GqlObject(String typeName, Cost cost) {
        this.typeName = typeName;
        this.cost = cost;
    }

    static GqlObject of(String typeName) {
        return new GqlObject(typeName, Cost.OBJECT);
    }

    static GqlObject free(String typeName) {
        return new GqlObject(typeName, Cost.FREE);
    }

    static GqlObject connection(String typeName) {
        return new GqlObject(typeName, Cost.CONNECTION);
    }

    /** A money amount ({@code MoneyV2}). */
    static GqlObject money(String amount, String currencyCode) {
        return of("MoneyV2").put("amount", amount).put("currencyCode", currencyCode);
    }

    /** A user error of the given payload error type. */
    static GqlObject userError(String typeName, String code, List<String> field, String message) {
        GqlObject error = of(typeName).put("field", field).put("message", message);
        return code == null ? error : error.put("code", code);
    }

    GqlObject put(String name, Object value) {
        fields.put(name, value instanceof BigDecimal decimal ? decimal.toPlainString() : value);
        return this;
    }

    GqlObject resolve(String name, Resolver resolver) {
        fields.put(name, resolver);
        return this;
    }

    Object get(String name, Args args) {
        if (!fields.containsKey(name)) {
            throw new Unsupported("the field " + typeName + "." + name);
        }
        Object value = fields.get(name);
        return value instanceof Resolver resolver ? resolver.resolve(args) : value;
    }
}
