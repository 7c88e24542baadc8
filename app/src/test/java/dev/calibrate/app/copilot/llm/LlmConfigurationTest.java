package dev.calibrate.app.copilot.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.copilot.CopilotSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The LLM translator exists only when its URL, key and model are all set; its settings never print the key. */
class LlmConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CopilotSettings.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class, LlmConfiguration.class)
            // never used here: the schema is read at the first question
            .withBean(JdbcTemplate.class, () -> new JdbcTemplate(new DriverManagerDataSource()))
            .withBean(ObjectMapper.class, ObjectMapper::new);

    @Test
    void onWhenUrlKeyAndModelAreAllSet() {
        runner.withPropertyValues("calibrate.copilot.llm.base-url=http://localhost:1/v1",
                        "calibrate.copilot.llm.api-key=sk-configured-0123", "calibrate.copilot.llm.model=m-1")
                .run(context -> {
                    assertThat(context).hasSingleBean(LlmTranslator.class);
                    assertThat(context.getBean(LlmTranslator.class).model()).contains("m-1");
                    assertThat(context.getBean(CopilotSettings.class).toString()).doesNotContain("sk-configured-0123");
                });
    }

    @Test
    void offWhenAnyOfThemIsMissingOrBlank() {
        runner.run(context -> assertThat(context).doesNotHaveBean(LlmTranslator.class));
        runner.withPropertyValues("calibrate.copilot.llm.base-url=http://localhost:1/v1",
                        "calibrate.copilot.llm.model=m-1")
                .run(context -> assertThat(context).doesNotHaveBean(LlmTranslator.class));
        runner.withPropertyValues("calibrate.copilot.llm.base-url=http://localhost:1/v1",
                        "calibrate.copilot.llm.api-key=sk-x", "calibrate.copilot.llm.model= ")
                .run(context -> assertThat(context).doesNotHaveBean(LlmTranslator.class));
    }
}
