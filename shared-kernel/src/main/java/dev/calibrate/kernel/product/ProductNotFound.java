package dev.calibrate.kernel.product;

import dev.calibrate.kernel.error.NotFound;

public class ProductNotFound extends NotFound {
    public ProductNotFound() {
        super("product");
    }
}
