package dev.calibrate.schemas;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a request body record: the JSON Schema (by name, in this registry) the body is validated against
 * before it is bound, so a number never slips into a money string and an unknown field is refused with
 * the field-named 400 the schema gives. The record is named like the schema, and the OpenAPI document
 * describes the body with the schema itself: one description, not two.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RequestSchema {

    /** The schema's name, e.g. {@code PriceChangeApproval}; the latest version is used. */
    String value();
}
