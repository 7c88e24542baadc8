package dev.calibrate.kernel.error;

/**
 * The thing does not exist for this caller. Another tenant's resource, and an id of another kind of
 * resource, are reported the same way, and the message never repeats the id: a detail that differed
 * between "nobody's" and "someone else's" would let a tenant test which SKUs another tenant sells.
 */
public class NotFound extends Rejection {
    public NotFound(String what) {
        super(what + " not found");
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }
}
