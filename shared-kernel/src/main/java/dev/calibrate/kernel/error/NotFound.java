package dev.calibrate.kernel.error;

/** The thing does not exist for this caller (another tenant's resource is reported the same way). */
public class NotFound extends Rejection {
    public NotFound(String what, Object id) {
        super(what + " " + id + " not found");
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }
}
