package dev.calibrate.app.console.competitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.console.FormErrors;
import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.Paged;
import dev.calibrate.app.console.RequestBodies;
import dev.calibrate.command.competitor.CompetitorApi.CompetitorObservationBatch;
import dev.calibrate.command.competitor.CompetitorApi.CompetitorObservationBatchResult;
import dev.calibrate.command.competitor.CompetitorApi.CompetitorRegistration;
import dev.calibrate.command.competitor.CompetitorCommandController;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.competitor.CompetitorProjection;
import dev.calibrate.query.competitor.CompetitorReadApi.CompetitorPage;
import dev.calibrate.query.competitor.CompetitorReadController;
import dev.calibrate.query.consistency.ReadModelProgress;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code /console/competitors}: the competitors (competitors:read), registering one and uploading a CSV of
 * prices seen at it (competitors:write, and :read for the page the forms are on), through the competitor API's own handlers: the upload becomes the
 * very batch {@code POST /api/v1/competitors/{id}/observations} takes, and its answers name CSV lines.
 */
@Controller
@RequestMapping("/console/competitors")
class CompetitorsConsoleController {

    static final int PAGE_SIZE = 25;
    /** How many rejected lines the page lists; the count says how many there were in all. */
    static final int SHOWN_REJECTIONS = 50;

    private final CompetitorReadController reads;
    private final CompetitorCommandController writes;
    private final RequestBodies bodies;
    private final ReadModelProgress progress;

    CompetitorsConsoleController(CompetitorReadController reads, CompetitorCommandController writes,
                                 RequestBodies bodies, ReadModelProgress progress) {
        this.reads = reads;
        this.writes = writes;
        this.bodies = bodies;
        this.progress = progress;
    }

    public record RegisterForm(String name, String domain) {
        static RegisterForm empty() {
            return new RegisterForm("", "");
        }
    }

    /** What an upload did: how many lines were taken, and each refused line with why. */
    public record UploadResult(String competitor, int accepted, int rejected, List<RejectedLine> lines) {
    }

    public record RejectedLine(int line, String field, String error) {
    }

    @GetMapping({"", "/"})
    String page(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "0") int page, Model model) {
        Caller caller = me.require(Scope.COMPETITORS_READ);
        return list(caller, me, Math.max(0, Math.min(page, 1000)), RegisterForm.empty(), FormErrors.none(), model);
    }

    @PostMapping({"", "/"})
    String register(@ModelAttribute("me") Me me, RegisterForm form, Model model, RedirectAttributes redirect,
                    HttpServletResponse response) {
        Caller caller = me.require(Scope.COMPETITORS_WRITE);
        me.require(Scope.COMPETITORS_READ);
        FormErrors errors;
        try {
            CompetitorRegistration body = bodies.checked(new CompetitorRegistration(
                    form.name() == null ? "" : form.name(), form.domain() == null ? "" : form.domain().strip()));
            var registered = shown(writes.register(body, caller));
            redirect.addFlashAttribute("notice", "Registered " + registered.name() + ".");
            return "redirect:/console/competitors";
        } catch (InvalidInput e) {
            errors = FormErrors.of(e);
        } catch (Rejection e) {
            errors = FormErrors.of("domain", e.getMessage());
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        return list(caller, me, 0, form, errors, model);
    }

    @PostMapping("/observations")
    String upload(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "") String competitorId,
                  @RequestParam(required = false) MultipartFile file, Model model, RedirectAttributes redirect,
                  HttpServletResponse response) {
        Caller caller = me.require(Scope.COMPETITORS_WRITE);
        me.require(Scope.COMPETITORS_READ);
        FormErrors errors;
        try {
            UUID competitor = competitor(competitorId);
            List<ObservationCsv.Row> rows = ObservationCsv.read(text(file));
            List<JsonNode> items = rows.stream().map(r -> (JsonNode) r.item()).toList();
            CompetitorObservationBatchResult result = shown(writes.observe(competitor,
                    bodies.checked(new CompetitorObservationBatch(items)), null, caller));
            redirect.addFlashAttribute("upload", outcome(result, rows));
            return "redirect:/console/competitors";
        } catch (InvalidInput e) {
            errors = FormErrors.of(e);
        } catch (NotFound e) {
            errors = FormErrors.of("competitorId", "choose a registered competitor");
        } catch (Rejection e) {
            errors = FormErrors.of("file", e.getMessage());
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        model.addAttribute("chosenCompetitor", competitorId);
        return list(caller, me, 0, RegisterForm.empty(), errors, model);
    }

    private String list(Caller caller, Me me, int page, RegisterForm form, FormErrors errors, Model model) {
        CompetitorPage found = reads.list(page, PAGE_SIZE, null, caller);
        model.addAttribute("competitors", new Paged<>(found.items(), found.page(), found.size(), found.total()));
        // the upload form picks from every competitor, not just this page's
        model.addAttribute("choices", found.total() <= PAGE_SIZE ? found.items()
                : reads.list(0, 500, null, caller).items());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("maxRows", ObservationCsv.MAX_ROWS);
        return "console/competitors/index";
    }

    private static UploadResult outcome(CompetitorObservationBatchResult result, List<ObservationCsv.Row> rows) {
        List<RejectedLine> lines = new ArrayList<>();
        result.results().stream().filter(r -> "rejected".equals(r.status())).limit(SHOWN_REJECTIONS)
                .forEach(r -> lines.add(new RejectedLine(rows.get(r.index()).line(), r.field(), r.error())));
        return new UploadResult(result.competitorId(), result.accepted(), result.rejected(), lines);
    }

    private static UUID competitor(String id) {
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("competitorId", "choose a registered competitor");
        }
    }

    private static String text(MultipartFile file) {
        if (file == null || file.isEmpty()) {
            throw new InvalidInput("file", "choose a CSV file");
        }
        if (file.getSize() > ObservationCsv.MAX_BYTES) {
            throw new InvalidInput("file", "file too large: at most " + size(ObservationCsv.MAX_BYTES) + " ("
                    + ObservationCsv.MAX_ROWS + " observations) in one upload; this one is " + size(file.getSize()));
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file.getBytes())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInput("file", "the file is not UTF-8 text; save it as CSV (UTF-8)");
        } catch (IOException e) {
            throw new InvalidInput("file", "the file could not be read; try again");
        }
    }

    /** "512 KB", "3.2 MB": a file's size as people read it. */
    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return Math.max(1, bytes / 1024) + " KB";
        }
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    /** Waits until the competitor read model shows what the answer did, so the page redirected to does. */
    private <T> T shown(ResponseEntity<T> answer) {
        String position = answer.getHeaders().getFirst(EventPositions.HEADER);
        progress.awaitPosition(CompetitorProjection.NAME, position == null ? null : Long.valueOf(position));
        return answer.getBody();
    }
}
