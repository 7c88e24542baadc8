package dev.calibrate.app.audit.export;

import dev.calibrate.kernel.error.Rejection;

import java.time.Duration;
import java.util.Optional;

/** The tenant already has an export streaming from this node: a 429 to retry, not a second long read. */
public final class ExportBusy extends Rejection {

    ExportBusy() {
        super("an export of this tenant's audit log is already running; try again when it has finished");
    }

    @Override
    public Kind kind() {
        return Kind.TOO_MANY_REQUESTS;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(Duration.ofSeconds(5));
    }
}
