package dev.calibrate.app.graphql;

import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import graphql.GraphQLContext;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * Puts the request's {@link Caller} (authenticated by the API chain's bearer filter) into the GraphQL
 * context, so every resolver and batch loader reads the same caller whatever thread runs it.
 */
@Component
public class GraphQlCaller implements WebGraphQlInterceptor {

    static final String KEY = "calibrate.caller";

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        // the API chain only lets an authenticated tenant token through to /graphql
        Caller caller = CallerAuthentication.current()
                .orElseThrow(() -> new IllegalStateException("/graphql reached without a caller"));
        request.configureExecutionInput((input, builder) -> builder.graphQLContext(Map.of(KEY, caller)).build());
        return chain.next(request);
    }

    public static Caller of(GraphQLContext context) {
        return context.get(KEY);
    }

    /** The caller, when it holds {@code scope}; otherwise the field answers null with a FORBIDDEN error. */
    public static Caller requiring(GraphQLContext context, Scope scope) {
        Caller caller = of(context);
        if (!caller.has(scope)) {
            throw new FieldForbidden(scope);
        }
        return caller;
    }

    /** The caller, when it holds one of {@code scopes} (as REST's {@code @RequiresScope} with several). */
    public static Caller requiringAny(GraphQLContext context, Scope... scopes) {
        Caller caller = of(context);
        for (Scope scope : scopes) {
            if (caller.has(scope)) {
                return caller;
            }
        }
        throw new FieldForbidden(scopes);
    }

    /** A field the caller's token has no scope for. */
    public static final class FieldForbidden extends RuntimeException {
        FieldForbidden(Scope... scopes) {
            super(scopes.length == 1 ? "this field needs the scope " + scopes[0].wireName()
                    : "this field needs one of the scopes " + java.util.Arrays.stream(scopes).map(Scope::wireName)
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
    }
}
