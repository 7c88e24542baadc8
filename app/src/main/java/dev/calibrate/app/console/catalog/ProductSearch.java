package dev.calibrate.app.console.catalog;

import dev.calibrate.app.console.FormErrors;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The product list's filters exactly as the user typed them (strings, so nothing they typed is lost
 * to a conversion error); {@link #validate} says what is wrong next to the field, and the list query
 * itself checks the rest.
 */
public record ProductSearch(String sku, String tag, String vendor, String q, String active, String page) {

    static final int PAGE_SIZE = 50;
    static final int MAX_LENGTH = 200;

    public ProductSearch {
        sku = trim(sku);
        tag = trim(tag);
        vendor = trim(vendor);
        q = trim(q);
        active = trim(active);
        page = trim(page);
    }

    FormErrors validate() {
        FormErrors errors = new FormErrors();
        length(errors, "sku", sku);
        length(errors, "tag", tag);
        length(errors, "vendor", vendor);
        length(errors, "q", q);
        if (!active.isEmpty() && !active.equals("true") && !active.equals("false")) {
            errors.add("active", "Choose active, inactive or any.");
        }
        if (!page.isEmpty() && !page.matches("\\d{1,9}")) {
            errors.add("page", "The page must be a whole number from 0.");
        }
        return errors;
    }

    int pageNumber() {
        return page.isEmpty() ? 0 : Integer.parseInt(page);
    }

    Boolean activeFilter() {
        return active.isEmpty() ? null : Boolean.valueOf(active);
    }

    /** The list's address with these filters on page {@code n}; blank filters are left out. */
    public String href(int n) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/console/products");
        param(uri, "q", q);
        param(uri, "sku", sku);
        param(uri, "tag", tag);
        param(uri, "vendor", vendor);
        param(uri, "active", active);
        if (n > 0) {
            uri.queryParam("page", n);
        }
        return uri.encode().build().toUriString();
    }

    private static void param(UriComponentsBuilder uri, String name, String value) {
        if (!value.isEmpty()) {
            uri.queryParam(name, value);
        }
    }

    private static void length(FormErrors errors, String field, String value) {
        if (value.length() > MAX_LENGTH) {
            errors.add(field, "At most " + MAX_LENGTH + " characters.");
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}
