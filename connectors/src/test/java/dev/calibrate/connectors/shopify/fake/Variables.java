package dev.calibrate.connectors.shopify.fake;

import graphql.GraphQLContext;
import graphql.execution.ValuesResolver;
import graphql.execution.RawVariables;
import graphql.language.OperationDefinition;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks and completes an operation's variables against its declared types the way a GraphQL
 * server does: required variables present, input objects without unknown fields, enums valid,
 * defaults applied. Custom scalars (Money, ID, URL, DateTime) pass through as sent.
 */
final class Variables {

    /** Variables that do not fit their declared types; the message says which and why. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private Variables() {
    }

    static Map<String, Object> coerce(OperationDefinition operation, Map<String, Object> raw) throws Invalid {
        try {
            Map<String, Object> coerced = ValuesResolver.coerceVariableValues(GraphQlSchemaCheck.schema(),
                    operation.getVariableDefinitions(), RawVariables.of(raw == null ? Map.of() : raw),
                    GraphQLContext.getDefault(), Locale.ENGLISH).toMap();
            return new LinkedHashMap<>(coerced);
        } catch (RuntimeException e) {
            // graphql-java signals each kind of bad variable with its own GraphQLError exception
            throw new Invalid(e.getMessage());
        }
    }
}
