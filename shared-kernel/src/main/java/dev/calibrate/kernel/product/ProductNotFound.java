package dev.calibrate.kernel.product;

import dev.calibrate.kernel.error.NotFound;

public class ProductNotFound extends NotFound {
    public ProductNotFound(ProductId id) {
        super("product", id);
    }
}
