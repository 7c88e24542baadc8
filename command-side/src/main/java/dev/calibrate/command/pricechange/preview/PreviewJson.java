package dev.calibrate.command.pricechange.preview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.util.function.Supplier;

/**
 * The JSON of a change's stored preview, as its two writers (the preview store and the item edits) read
 * and write it, and each stored item's explain as both read it: the explain stored with the item (an
 * edited item's, or one previewed before explains were rendered from compact inputs), else the one its
 * inputs render with the preview's frame.
 */
public final class PreviewJson {

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public PreviewJson(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** The explains of one query's items of change {@code id}; the preview's frame is read once, if an item needs it. */
    public Explains explains(PriceChangeId id) {
        return new Explains(id);
    }

    /** Reads the explains of the items of one change, with its frame read at most once. */
    public final class Explains {

        private final PriceChangeId id;
        private ExplainFrame frame;

        private Explains(PriceChangeId id) {
            this.id = id;
        }

        /**
         * The item's explain: {@code stored} when it has one, else rendered from {@code inputs} (asked only
         * then) at its current price.
         */
        public Explain of(String stored, BigDecimal currentPrice, Supplier<ExplainInputs> inputs) {
            if (stored != null) {
                return read(stored, Explain.class);
            }
            if (frame == null) frame = frame(id);
            return frame.render(currentPrice, inputs.get());
        }
    }

    /** The frame the items of the change's preview render their explains with. */
    private ExplainFrame frame(PriceChangeId id) {
        String frame = jdbc.query("SELECT explain_frame FROM price_change_preview WHERE price_change_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, id.value());
        if (frame == null) {
            throw new IllegalStateException("price change " + id + " has items with explain inputs and no frame");
        }
        return read(frame, ExplainFrame.class);
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("preview items always serialize", e);
        }
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored preview JSON is unreadable", e);
        }
    }
}
