package dev.calibrate.query.projection;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the replay of a read model answers. */
public final class ReplayApi {

    private ReplayApi() {
    }

    /** The rebuild runs in the background from here on. */
    public enum ReplayState { REPLAYING }

    public record ProjectionReplay(@Schema(example = "catalog") String projection, ReplayState state) {
    }
}
