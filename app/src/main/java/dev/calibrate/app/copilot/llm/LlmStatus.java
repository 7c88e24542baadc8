package dev.calibrate.app.copilot.llm;

import dev.calibrate.app.copilot.CopilotSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Says once at start whether the copilot asks a language model, so an operator who set two of the three
 * settings learns it from the log rather than from answers that never come from the model.
 */
@Component
class LlmStatus {

    private static final Logger log = LoggerFactory.getLogger(LlmStatus.class);

    private final CopilotSettings settings;

    LlmStatus(CopilotSettings settings) {
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        for (Line line : lines(settings.llm())) {
            if (line.warning()) {
                log.warn(line.text());
            } else {
                log.info(line.text());
            }
        }
    }

    record Line(boolean warning, String text) {
    }

    /** What to log about these settings; never the key. */
    static List<Line> lines(CopilotSettings.Llm llm) {
        List<Line> lines = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (llm.baseUrl().isBlank()) missing.add("CALIBRATE_COPILOT_LLM_BASE_URL");
        if (llm.apiKey().isBlank()) missing.add("CALIBRATE_COPILOT_LLM_API_KEY");
        if (llm.model().isBlank()) missing.add("CALIBRATE_COPILOT_LLM_MODEL");
        if (missing.size() == 3) {
            lines.add(new Line(false, "Copilot LLM translator: off (the embedded translator answers alone)"));
            return lines;
        }
        if (!missing.isEmpty()) {
            lines.add(new Line(true, "Copilot LLM translator: off, because " + String.join(" and ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " not set (all three of base URL, API key and model "
                    + "are needed)"));
            return lines;
        }
        URI url = URI.create(llm.baseUrl());
        lines.add(new Line(false, "Copilot LLM translator: on, model " + llm.model() + " at " + url.getScheme() + "://"
                + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + ", timeout "
                + llm.timeout().toMillis() + " ms"));
        if ("http".equals(url.getScheme()) && !loopback(url.getHost())) {
            lines.add(new Line(true, "Copilot LLM translator: " + url.getHost() + " is reached over plain http: the "
                    + "API key and the questions travel unencrypted; use https unless the network is your own"));
        }
        return lines;
    }

    private static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            return false; // a name: not resolved here, so not known to be local
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
