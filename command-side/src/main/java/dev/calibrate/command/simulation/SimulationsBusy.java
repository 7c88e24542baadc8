package dev.calibrate.command.simulation;

import dev.calibrate.kernel.error.Rejection;

import java.time.Duration;
import java.util.Optional;

/** Every worker of this node runs a simulation; there is no queue, so the caller tries again later. */
public final class SimulationsBusy extends Rejection {
    private final Duration retryAfter;

    SimulationsBusy(Duration retryAfter) {
        super("this node already runs as many simulations as it may; nothing was started: try again shortly");
        this.retryAfter = retryAfter;
    }

    @Override
    public Kind kind() {
        return Kind.TOO_MANY_REQUESTS;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(retryAfter);
    }
}
