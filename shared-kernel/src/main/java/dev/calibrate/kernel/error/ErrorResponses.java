package dev.calibrate.kernel.error;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an API handler: the problem statuses it answers beyond those every operation may (400 for a bad
 * parameter or body, 401, 403, 404 for an unknown id in the path, 409 for any change, which can lose a
 * race), such as 422, 429, 502 or 503, or 409 on a GET.
 * The OpenAPI document lists them with the problem+json schema.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ErrorResponses {

    /** HTTP statuses, e.g. {@code {422, 503}}. */
    int[] value();
}
