package dev.calibrate.app.openapi;

import dev.calibrate.kernel.tenant.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The OpenAPI 3.1 document of the public API, built from the controllers at {@code /v3/api-docs} and
 * browsable in Swagger UI (served from the jar) at {@code /swagger-ui/index.html}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    /** Tenant tokens, whose scopes each operation names. */
    public static final String TENANT_TOKEN = "tenantToken";
    /** The bootstrap admin token of {@code /admin/**}. */
    public static final String ADMIN_TOKEN = "adminToken";

    static {
        // the authenticated caller is resolved from the token, never sent as a parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI calibrateApi() {
        return new OpenAPI()
                .info(new Info().title("Calibrate API").version("v1")
                        .description("Pricing control plane: catalog, rules, preview → approve → apply, audit.")
                        .license(new License().name("Proprietary")))
                // relative, so the document is the same wherever it is served and Swagger UI calls that host
                .servers(List.of(new Server().url("/").description("The server serving this document")))
                .components(new Components()
                        .addSecuritySchemes(TENANT_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("A tenant API token; each operation names the scopes "
                                        + "of which the token needs one (one security requirement per scope)."))
                        .addSecuritySchemes(ADMIN_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("The operator's bootstrap admin token "
                                        + "(CALIBRATE_ADMIN_TOKEN).")));
    }

    /** The operations first: the components kept are those the operations (problems included) refer to. */
    @Bean
    OpenApiCustomizer calibrateRules(OperationRules operations, ComponentRules components) {
        return api -> {
            operations.customise(api);
            components.customise(api);
        };
    }
}
