package dev.calibrate.app.audit.export;

import dev.calibrate.kernel.error.Rejection;

import java.time.Duration;
import java.util.Optional;

/** The tenant already has an export streaming from this node, or the node its most: a 429 to retry, not another long read. */
public final class ExportBusy extends Rejection {

    ExportBusy(String why) {
        super(why + "; try again when it has finished");
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
