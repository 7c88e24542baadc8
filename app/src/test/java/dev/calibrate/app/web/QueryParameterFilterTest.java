package dev.calibrate.app.web;

import org.junit.jupiter.api.Test;

import static dev.calibrate.app.web.QueryParameterFilter.refusedParameter;
import static org.assertj.core.api.Assertions.assertThat;

/** Which query strings the filter refuses, and by which parameter it names them (over HTTP: ProblemResponsesTest). */
class QueryParameterFilterTest {

    @Test
    void ordinaryParametersPass() {
        assertThat(refusedParameter(null)).isEmpty();
        assertThat(refusedParameter("")).isEmpty();
        assertThat(refusedParameter("page=2&size=50&q=caf%C3%A9+cr%C3%A8me&tag=&flag")).isEmpty();
        assertThat(refusedParameter("at=2026-12-01T09%3A00%3A00Z&snow=%E2%98%83")).isEmpty();
    }

    @Test
    void aControlCharacterIsRefusedByTheParameterItIsIn() {
        assertThat(refusedParameter("page=1&sku=NUL%00SKU")).contains("sku");
        assertThat(refusedParameter("q=line%0Abreak")).contains("q");
        assertThat(refusedParameter("q=tab%09")).contains("q");
        assertThat(refusedParameter("q=%7F")).contains("q");
        assertThat(refusedParameter("q=%C2%85")).as("a C1 control").contains("q");
    }

    @Test
    void aMalformedEscapeIsRefusedByTheParameterItIsIn() {
        assertThat(refusedParameter("vendor=%ZZ")).contains("vendor");
        assertThat(refusedParameter("vendor=50%")).contains("vendor");
    }

    @Test
    void anUnusableNameIsRefusedAsTheQuery() {
        assertThat(refusedParameter("%00=1")).contains("(query)");
        assertThat(refusedParameter("%Z=1")).contains("(query)");
    }
}
