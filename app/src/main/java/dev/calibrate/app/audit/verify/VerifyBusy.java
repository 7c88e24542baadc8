package dev.calibrate.app.audit.verify;

import dev.calibrate.kernel.error.Rejection;

import java.time.Duration;
import java.util.Optional;

/** The tenant already has a verification running on this node: a 429 to retry, not a second full recomputation. */
public final class VerifyBusy extends Rejection {

    VerifyBusy() {
        super("a verification of this tenant's audit log is already running; try again when it has finished");
    }

    @Override
    public Kind kind() {
        return Kind.TOO_MANY_REQUESTS;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(Duration.ofSeconds(1));
    }
}
