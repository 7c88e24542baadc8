package dev.calibrate.app.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and every page of {@code docs/} as a newcomer meets them: links that lead somewhere, a README
 * short enough to read, a table of contents on every long page, and nothing that points outside the
 * repository (a clone holds everything its docs refer to).
 */
class DocsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int README_MAX_LINES = 250;
    /** A page longer than this is read by jumping around, so it needs a table of contents. */
    private static final int PAGE_LINES_WITHOUT_CONTENTS = 60;

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() {
        List<String> broken = new ArrayList<>();
        for (MarkdownPage page : pages()) {
            for (MarkdownPage.Link link : page.links()) {
                if (link.isExternal()) {
                    continue;
                }
                String where = ROOT.relativize(page.path()) + ":" + link.line();
                Path target = link.file().isEmpty() ? page.path()
                        : page.path().getParent().resolve(link.file()).normalize();
                if (!target.startsWith(ROOT)) {
                    broken.add(where + " leaves the repository: " + link.target());
                } else if (!Files.exists(target)) {
                    broken.add(where + " names a missing file: " + link.target());
                } else if (!link.anchor().isEmpty() && target.toString().endsWith(".md")
                        && !MarkdownPage.of(target).anchors().contains(link.anchor())) {
                    broken.add(where + " names a missing heading: " + link.target());
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void noPageLinksTheSharedFilesOutsideTheRepository() {
        List<String> found = new ArrayList<>();
        for (MarkdownPage page : pages()) {
            for (int i = 0; i < page.lines().size(); i++) {
                if (page.lines().get(i).contains("../shared") || page.lines().get(i).contains("/work/shared")) {
                    found.add(ROOT.relativize(page.path()) + ":" + (i + 1));
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void contributingLinksNothingOutsideTheRepository() {
        MarkdownPage contributing = MarkdownPage.of(ROOT.resolve("docs/contributing.md"));
        assertThat(contributing.links()).filteredOn(MarkdownPage.Link::isExternal)
                .extracting(MarkdownPage.Link::target).isEmpty();
    }

    @Test
    void theReadmeIsShort() {
        assertThat(MarkdownPage.of(ROOT.resolve("README.md")).lines()).hasSizeLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void everyLongPageHasATableOfContents() {
        assertThat(pages()).filteredOn(page -> page.path().startsWith(ROOT.resolve("docs")))
                .filteredOn(page -> page.lines().size() > PAGE_LINES_WITHOUT_CONTENTS)
                .filteredOn(page -> !page.hasTableOfContents())
                .extracting(page -> ROOT.relativize(page.path()) + " (" + page.lines().size() + " lines)")
                .isEmpty();
    }

    @Test
    void theArchitecturePageDrawsAPriceFromDraftToConfirmation() {
        String architecture = String.join("\n", MarkdownPage.of(ROOT.resolve("docs/architecture.md")).lines());
        assertThat(architecture).contains("```mermaid\nsequenceDiagram");
        assertThat(architecture).contains("PriceChangeController", "PriceChange aggregate", "Product aggregate",
                "ShopifyWriteBack", "ChannelPriceSynced");
    }

    @Test
    void readsLinksAndHeadingsOutsideCodeOnly() {
        MarkdownPage page = MarkdownPage.parse(ROOT.resolve("PAGE.md"), List.of(
                "# Title: with `code` — and (more)",
                "See [the API](docs/api.md#where-it-is), [a site](https://example.com) and [here](#title).",
                "```bash",
                "# 1. not a heading [nor a link](nowhere.md)",
                "```",
                "`[not a link](nowhere.md)` but ![an image](img.png)",
                "## Title: with `code` — and (more)"));

        assertThat(page.anchors()).containsExactly("title-with-code--and-more", "title-with-code--and-more-1");
        assertThat(page.links()).extracting(MarkdownPage.Link::target)
                .containsExactly("docs/api.md#where-it-is", "https://example.com", "#title", "img.png");
        assertThat(page.links().get(0).file()).isEqualTo("docs/api.md");
        assertThat(page.links().get(0).anchor()).isEqualTo("where-it-is");
        assertThat(page.links().get(1).isExternal()).isTrue();
    }

    private static List<MarkdownPage> pages() {
        List<MarkdownPage> pages = new ArrayList<>(List.of(MarkdownPage.of(ROOT.resolve("README.md"))));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().map(MarkdownPage::of).forEach(pages::add);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pages;
    }
}
