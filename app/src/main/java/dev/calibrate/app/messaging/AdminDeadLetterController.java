package dev.calibrate.app.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.messaging.AdminDeadLetterApi.DeadLetter;
import dev.calibrate.app.messaging.AdminDeadLetterApi.DeadLetterCause;
import dev.calibrate.app.messaging.AdminDeadLetterApi.DeadLetterPage;
import dev.calibrate.app.messaging.AdminDeadLetterApi.DeadLetterRetry;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform admin's view of dead letters: events a processing group's handlers failed on, parked
 * in Axon's JDBC dead-letter queue (with every later event of the same sequence behind them), and a
 * retry that hands them to the group's handlers again. Needs the bootstrap admin token.
 */
@RestController
@RequestMapping(path = "/admin/v1/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Admin: dead letters", description = "Events handlers failed on, parked per processing group.")
public class AdminDeadLetterController {

    private static final Logger log = LoggerFactory.getLogger(AdminDeadLetterController.class);
    /** Sequences one retry request works through; ask again for more. */
    static final int MAX_SEQUENCES_PER_RETRY = 1000;

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public AdminDeadLetterController(EventProcessingConfiguration processing, JdbcTemplate jdbc, ObjectMapper json) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Dead letters in queue order (group, sequence, position in the sequence), optionally of one group. */
    @GetMapping
    @Operation(operationId = "listDeadLetters", summary = "Events a processing group's handlers failed on",
            description = "In queue order: group, sequence, position in the sequence.")
    @ErrorResponses({404})
    public DeadLetterPage list(@RequestParam(required = false) String processingGroup,
                                    @RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "50") int size) {
        Paging paging = Paging.of(page, size);
        String where = "";
        List<Object> args = new ArrayList<>();
        if (processingGroup != null && !processingGroup.isBlank()) {
            requireQueue(processingGroup);
            where = " WHERE processinggroup = ?";
            args.add(processingGroup);
        }
        Long total = jdbc.queryForObject("SELECT count(*) FROM deadletterentry" + where, Long.class, args.toArray());
        Long sequences = jdbc.queryForObject("SELECT count(DISTINCT (processinggroup, sequenceidentifier))"
                + " FROM deadletterentry" + where, Long.class, args.toArray());
        args.add(paging.size());
        args.add(paging.offset());
        List<DeadLetter> items = jdbc.query("SELECT deadletteridentifier, processinggroup, sequenceidentifier,"
                + " sequenceindex, eventidentifier, payloadtype, type, aggregateidentifier, sequencenumber, timestamp,"
                + " causetype, causemessage, enqueuedat, lasttouched, processingstarted, diagnostics FROM deadletterentry"
                + where + " ORDER BY processinggroup, sequenceidentifier, sequenceindex LIMIT ? OFFSET ?",
                (rs, n) -> letter(rs), args.toArray());
        return new DeadLetterPage(items, paging.page(), paging.size(), total == null ? 0 : total,
                sequences == null ? 0 : sequences);
    }

    /**
     * Hands each dead-lettered sequence of the group to its handlers again, oldest first. A sequence that
     * succeeds leaves the queue; one that fails again stays, with the new cause. Answers how many did which.
     */
    @PostMapping("/{processingGroup}/retry")
    @Operation(operationId = "retryDeadLetters", summary = "Hand a group's dead letters to its handlers again",
            description = "Oldest sequence first, at most " + MAX_SEQUENCES_PER_RETRY + " per request; a sequence "
                    + "that fails again stays with its new cause.")
    public DeadLetterRetry retry(@PathVariable String processingGroup) {
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing
                .sequencedDeadLetterProcessor(processingGroup)
                .orElseThrow(() -> new NotFound("dead-letter queue of processing group"));
        // the first letter of each sequence: the one that blocks it, and that the processor is asked for
        List<String[]> heads = jdbc.query("""
                SELECT d.sequenceidentifier, d.eventidentifier FROM deadletterentry d
                 WHERE d.processinggroup = ? AND d.sequenceindex = (
                       SELECT min(f.sequenceindex) FROM deadletterentry f
                        WHERE f.processinggroup = d.processinggroup AND f.sequenceidentifier = d.sequenceidentifier)
                 ORDER BY d.enqueuedat, d.sequenceidentifier LIMIT ?
                """, (rs, n) -> new String[] {rs.getString(1), rs.getString(2)}, processingGroup,
                MAX_SEQUENCES_PER_RETRY);
        int succeeded = 0;
        int failed = 0;
        for (String[] head : heads) {
            String sequence = head[0];
            String firstEvent = head[1];
            try {
                processor.process(letter -> letter.message().getIdentifier().equals(firstEvent));
            } catch (RuntimeException failedAtCommit) {
                // a projection that writes its batch at commit (the catalog) fails after the handler:
                // Axon has requeued the letter and then throws, the letter still being there says it failed
                log.warn("Retrying the dead-lettered sequence {} of {} failed when committing: {}", sequence,
                        processingGroup, failedAtCommit.toString());
            }
            Long left = jdbc.queryForObject("SELECT count(*) FROM deadletterentry WHERE processinggroup = ?"
                    + " AND sequenceidentifier = ?", Long.class, processingGroup, sequence);
            if (left == null || left == 0) {
                succeeded++;
            } else {
                failed++;
            }
        }
        Long remaining = jdbc.queryForObject("SELECT count(*) FROM deadletterentry WHERE processinggroup = ?",
                Long.class, processingGroup);
        log.info("Retried {} dead-lettered sequences of {}: {} succeeded, {} failed again", heads.size(),
                processingGroup, succeeded, failed);
        return new DeadLetterRetry(processingGroup, heads.size(), succeeded, failed, remaining == null ? 0 : remaining);
    }

    private void requireQueue(String processingGroup) {
        if (processing.deadLetterQueue(processingGroup).isEmpty()) {
            throw new NotFound("dead-letter queue of processing group");
        }
    }

    private DeadLetter letter(ResultSet rs) throws SQLException {
        String payloadType = rs.getString("payloadtype");
        boolean fromAggregate = rs.getString("aggregateidentifier") != null;
        return new DeadLetter(rs.getString("deadletteridentifier"), rs.getString("processinggroup"),
                rs.getString("sequenceidentifier"), rs.getLong("sequenceindex"), rs.getString("eventidentifier"),
                payloadType.substring(Math.max(payloadType.lastIndexOf('.'), payloadType.lastIndexOf('$')) + 1),
                payloadType,
                fromAggregate ? rs.getString("type") : null,
                fromAggregate ? rs.getString("aggregateidentifier") : null,
                fromAggregate ? rs.getLong("sequencenumber") : null,
                rs.getString("timestamp"),
                new DeadLetterCause(rs.getString("causetype"), rs.getString("causemessage")),
                rs.getString("enqueuedat"), rs.getString("lasttouched"), rs.getString("processingstarted"),
                diagnostics(rs.getBytes("diagnostics")));
    }

    /** Diagnostics are Axon metadata serialized as JSON; anything unreadable shows as empty. */
    private JsonNode diagnostics(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(bytes);
            return node == null ? json.createObjectNode() : node;
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
