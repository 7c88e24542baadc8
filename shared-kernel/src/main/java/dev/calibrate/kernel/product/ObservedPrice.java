package dev.calibrate.kernel.product;

import dev.calibrate.kernel.money.Money;

/** A price seen at a source (the API, a channel); {@code compareAt} may be null. */
public record ObservedPrice(Money price, Money compareAt) {
}
