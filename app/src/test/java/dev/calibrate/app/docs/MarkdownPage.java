package dev.calibrate.app.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown page's links and the anchors its headings get, read the way GitHub renders it: nothing
 * inside a fenced block or an inline code span is a link or a heading (a shell comment {@code # 1. …}
 * in a tour is neither).
 */
record MarkdownPage(Path path, List<String> lines) {

    record Link(int line, String target) {

        boolean isExternal() {
            return target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
        }

        String file() {
            int hash = target.indexOf('#');
            return hash < 0 ? target : target.substring(0, hash);
        }

        String anchor() {
            int hash = target.indexOf('#');
            return hash < 0 ? "" : target.substring(hash + 1);
        }
    }

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern NOT_IN_A_SLUG = Pattern.compile("[^\\p{L}\\p{N} _-]");

    static MarkdownPage of(Path path) {
        try {
            return parse(path, Files.readAllLines(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MarkdownPage parse(Path path, List<String> lines) {
        return new MarkdownPage(path, List.copyOf(lines));
    }

    List<Link> links() {
        List<Link> links = new ArrayList<>();
        forEachProseLine((number, line) -> {
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                links.add(new Link(number, link.group(1)));
            }
        });
        return links;
    }

    /** The anchors GitHub gives the headings: lower case, punctuation dropped, a suffix for repeats. */
    List<String> anchors() {
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String heading : headings()) {
            String slug = NOT_IN_A_SLUG.matcher(heading.replace("`", "").toLowerCase(Locale.ROOT)).replaceAll("")
                    .replace(' ', '-');
            int repeats = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
        }
        return anchors;
    }

    boolean hasTableOfContents() {
        return headings().stream().anyMatch(h -> h.equalsIgnoreCase("contents") || h.equalsIgnoreCase("table of contents"));
    }

    private List<String> headings() {
        List<String> headings = new ArrayList<>();
        forEachProseLine((number, line) -> {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                headings.add(heading.group(1));
            }
        });
        return headings;
    }

    private interface LineVisitor {
        void visit(int number, String line);
    }

    private void forEachProseLine(LineVisitor visitor) {
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.trim().startsWith("```")) {
                inFence = !inFence;
            } else if (!inFence) {
                visitor.visit(i + 1, line);
            }
        }
    }
}
