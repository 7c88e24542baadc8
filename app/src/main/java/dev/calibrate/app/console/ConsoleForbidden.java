package dev.calibrate.app.console;

import dev.calibrate.kernel.tenant.Scope;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A console action the signed-in caller may not take; answered with a 403 page naming what is missing. */
public class ConsoleForbidden extends RuntimeException {

    public ConsoleForbidden(Scope... anyOf) {
        super(anyOf.length == 0 ? "This page is for the platform admin."
                : "This needs the " + Arrays.stream(anyOf).map(Scope::wireName).collect(Collectors.joining(" or "))
                + " permission, which you do not have.");
    }
}
