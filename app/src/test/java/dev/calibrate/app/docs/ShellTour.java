package dev.calibrate.app.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code bash} blocks of a Markdown page, in order, as one shell script a reader would type.
 * A block is left out only when the line right before its fence says why, as
 * {@code <!-- tour: not run: <reason> -->} (starting the server, a real shop's credentials); a marker
 * without a reason is an error, so nothing is skipped silently.
 */
record ShellTour(Path page, List<Block> blocks, List<Block> notRun) {

    /** A page of {@code docs/} is a runnable tour when it carries this line. */
    static final String RUNNABLE_PAGE_MARKER = "<!-- runnable tour -->";

    record Block(Path page, int line, String text) {
        String where() {
            return page.getFileName() + ":" + line;
        }
    }

    private static final Pattern NOT_RUN = Pattern.compile("<!--\\s*tour:\\s*not run(?::\\s*(.*?))?\\s*-->");

    static ShellTour of(Path page) {
        try {
            return parse(page, Files.readAllLines(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ShellTour parse(Path page, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        List<Block> notRun = new ArrayList<>();
        String previous = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                int start = i;
                String info = line.substring(3).trim();
                StringBuilder text = new StringBuilder();
                while (++i < lines.size() && !lines.get(i).startsWith("```")) {
                    text.append(lines.get(i)).append('\n');
                }
                if (info.equals("bash")) {
                    Block block = new Block(page, start + 1, text.toString());
                    Matcher marker = NOT_RUN.matcher(previous);
                    if (!marker.find()) {
                        blocks.add(block);
                    } else if (marker.group(1) == null || marker.group(1).isBlank()) {
                        throw new IllegalArgumentException(block.where() + ": a block not run must say why "
                                + "(<!-- tour: not run: <reason> -->)");
                    } else {
                        notRun.add(block);
                    }
                }
                previous = "";
            } else if (!line.isBlank()) {
                previous = line;
            }
        }
        return new ShellTour(page, List.copyOf(blocks), List.copyOf(notRun));
    }

    static boolean isRunnablePage(Path page) {
        try {
            return Files.readAllLines(page).stream().anyMatch(l -> l.trim().equals(RUNNABLE_PAGE_MARKER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
