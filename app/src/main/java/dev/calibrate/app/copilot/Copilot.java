package dev.calibrate.app.copilot;

import dev.calibrate.app.copilot.CopilotApi.CopilotAnswer;
import dev.calibrate.app.copilot.database.CopilotExecutor;
import dev.calibrate.app.copilot.database.ResultTable;
import dev.calibrate.app.copilot.database.StatementFailed;
import dev.calibrate.app.copilot.guard.GuardedSql;
import dev.calibrate.app.copilot.guard.Refused;
import dev.calibrate.app.copilot.guard.SqlGuard;
import dev.calibrate.app.copilot.translate.ChangeRequests;
import dev.calibrate.app.copilot.llm.LlmTranslator;
import dev.calibrate.app.ratelimit.DailyQuota;
import dev.calibrate.app.ratelimit.TenantQuotas;
import dev.calibrate.app.copilot.translate.EmbeddedTranslator;
import dev.calibrate.app.copilot.translate.Translation;
import dev.calibrate.app.copilot.translate.Translator;
import dev.calibrate.app.copilot.translate.TranslatorFailed;
import dev.calibrate.kernel.copilot.CopilotMessages.CopilotQueryAnswered;
import dev.calibrate.kernel.copilot.CopilotMessages.CopilotQueryRefused;
import dev.calibrate.kernel.copilot.CopilotQueryId;
import dev.calibrate.kernel.tenant.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A question's way through: the tenant's questions in flight, its rate and its daily quota, the read-only check, the
 * translators, the guard, the executor. Every step that refuses gives an answer saying which rule refused
 * and what the copilot can answer instead; nothing it was asked ever causes a 5xx. Every question,
 * answered or refused, becomes an event in the tenant's audit log.
 * <p>
 * The embedded translator is asked first: what it recognises gets the same SQL every time, with no
 * network. The LLM translator, when configured, is asked only for the rest, and what it writes goes through
 * the same guard and executor. The answer and the event name the translator that wrote the SQL (or, on a
 * refusal, the last one asked) and its model.
 */
@Service
public class Copilot {

    private static final Logger log = LoggerFactory.getLogger(Copilot.class);

    private static final String READ_ONLY = "the copilot only reads: it changes no price, price change or anything "
            + "else";
    private static final String READ_ONLY_ANSWER = "The copilot is read-only: it changes no price, price change or "
            + "anything else. To change prices, draft a price change (Price changes in the console, or POST "
            + "/api/v1/price-changes): it is previewed, then approved by someone with prices:approve, before "
            + "anything changes.";

    private final QuestionRate rate;
    private final QuestionsInFlight inFlight;
    private final List<Translator> translators;
    private final SqlGuard guard;
    private final CopilotExecutor executor;
    private final CopilotAuditLog audit;
    private final TenantQuotas quotas;

    Copilot(QuestionRate rate, QuestionsInFlight inFlight, EmbeddedTranslator embedded, Optional<LlmTranslator> llm,
            CopilotExecutor executor, CopilotAuditLog audit, CopilotSettings settings, TenantQuotas quotas) {
        this.rate = rate;
        this.inFlight = inFlight;
        this.translators = llm.<List<Translator>>map(model -> List.of(embedded, model)).orElse(List.of(embedded));
        this.guard = new SqlGuard(settings.maxRows());
        this.executor = executor;
        this.audit = audit;
        this.quotas = quotas;
    }

    public CopilotAnswer ask(Caller caller, String question) {
        inFlight.acquire(caller.tenantId());
        try {
            rate.take(caller.tenantId());
            quotas.spend(caller.tenantId(), DailyQuota.COPILOT_QUESTIONS);
            return answer(caller, question);
        } finally {
            inFlight.release(caller.tenantId());
        }
    }

    private CopilotAnswer answer(Caller caller, String question) {
        long started = System.nanoTime();
        if (ChangeRequests.asksToChange(question)) {
            return refused(caller, question, translators.get(0), null, "read-only", READ_ONLY, READ_ONLY_ANSWER,
                    started);
        }
        Translator translator = translators.get(0);
        Optional<Translation> translation = Optional.empty();
        for (Translator next : translators) {
            translator = next;
            try {
                translation = translator.translate(question);
            } catch (TranslatorFailed failed) {
                return refused(caller, question, translator, null, failed.rule(), failed.getMessage(), started);
            }
            if (translation.isPresent()) {
                break;
            }
        }
        if (translation.isEmpty()) {
            return refused(caller, question, translator, null, "no-translation",
                    "the copilot does not know how to answer this question (yet); try one like these", started);
        }
        String sql = translation.get().sql();
        GuardedSql guarded;
        try {
            guarded = guard.check(sql);
        } catch (Refused refused) {
            return refused(caller, question, translator, sql, refused.rule().wireName(), refused.getMessage(),
                    started);
        }
        ResultTable table;
        try {
            table = executor.execute(caller.tenantId(), guarded.sql());
        } catch (StatementFailed failed) {
            return refused(caller, question, translator, guarded.sql(), failed.rule(), failed.getMessage(), started);
        }
        List<String> sources = guarded.views().stream().sorted().toList();
        audit.record(caller, new CopilotQueryAnswered(CopilotQueryId.random(), caller.tenantId(), question,
                guarded.sql(), hash(guarded.sql()), sources, table.rows().size(), table.truncated(),
                elapsedMs(started), translator.name(), translator.model().orElse(null)));
        log.info("Copilot answered tenant={} actor={} translator={} model={} sqlHash={} views={} rows={} truncated={} "
                        + "tookMs={}", caller.tenantId().value(), caller.actor().id(), translator.name(),
                translator.model().orElse(null), hash(guarded.sql()), sources,
                table.rows().size(), table.truncated(), elapsedMs(started));
        return new CopilotAnswer(false, sentence(translation.get().subject(), table), guarded.sql(), table.columns(),
                table.rows(), table.truncated(), sources, translator.name(), translator.model().orElse(null), null,
                null, List.of());
    }

    private CopilotAnswer refused(Caller caller, String question, Translator translator, String sql, String rule,
                                  String reason, long started) {
        return refused(caller, question, translator, sql, rule, reason,
                "The copilot cannot answer this: " + reason + ".", started);
    }

    private CopilotAnswer refused(Caller caller, String question, Translator translator, String sql, String rule,
                                  String reason, String answer, long started) {
        audit.record(caller, new CopilotQueryRefused(CopilotQueryId.random(), caller.tenantId(), question, sql,
                sql == null ? null : hash(sql), rule, reason, elapsedMs(started), translator.name(),
                translator.model().orElse(null)));
        log.info("Copilot refused tenant={} actor={} translator={} model={} rule={} sqlHash={} tookMs={}",
                caller.tenantId().value(), caller.actor().id(), translator.name(), translator.model().orElse(null), rule,
                sql == null ? null : hash(sql), elapsedMs(started));
        return new CopilotAnswer(true, answer, sql, List.of(), List.of(),
                false, List.of(), translator.name(), translator.model().orElse(null), reason, rule,
                EmbeddedTranslator.EXAMPLES);
    }

    static String sentence(String subject, ResultTable table) {
        String capitalized = Character.toUpperCase(subject.charAt(0)) + subject.substring(1);
        if (subject.startsWith("number of") && table.rows().size() == 1 && table.columns().size() == 1) {
            return capitalized + ": " + table.rows().get(0).get(0) + ".";
        }
        if (table.rows().isEmpty()) {
            return "No " + subject + ".";
        }
        if (table.truncated()) {
            return "More than " + table.rows().size() + " " + subject + "; the first " + table.rows().size()
                    + " are shown.";
        }
        return table.rows().size() + (table.rows().size() == 1 ? " row" : " rows") + ": " + subject + ".";
    }

    static String hash(String sql) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long elapsedMs(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
