package dev.calibrate.app.openapi;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.contract.OpenApiDocument;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The document describes exactly the API the controllers serve: no mapping left out, no operation invented. */
class DocumentedMappingsTest extends IntegrationTest {

    @Autowired
    ApiHandlers handlers;

    @Test
    void everyMappingIsAnOperationAndEveryOperationAMapping() {
        Set<String> mapped = new TreeSet<>();
        // springdoc writes {id:[0-9]+} as {id}
        handlers.operations().keySet().forEach(key -> mapped.add(key.replaceAll("\\{([^}:]+):[^}]*}", "{$1}")));
        Set<String> documented = OpenApiDocument.fetch("http://localhost:" + port, mapper).operations().keySet();

        Set<String> undocumented = new TreeSet<>(mapped);
        undocumented.removeAll(documented);
        Set<String> unserved = new TreeSet<>(documented);
        unserved.removeAll(mapped);
        assertThat(undocumented).as("controller mappings missing from the document").isEmpty();
        assertThat(unserved).as("operations in the document no mapping serves").isEmpty();
        assertThat(mapped).as("the typed approval is among them").contains("POST /api/v1/price-changes/{id}/approve");
    }
}
