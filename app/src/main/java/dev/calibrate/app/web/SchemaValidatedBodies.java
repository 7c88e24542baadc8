package dev.calibrate.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.schemas.RequestSchema;
import dev.calibrate.schemas.SchemaRegistry;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

/**
 * Validates a request body against the JSON Schema its record names ({@link RequestSchema}) before
 * Jackson binds it. Binding alone would be laxer than the schema: Jackson turns {@code 12.5} into the
 * string {@code "12.5"}, and a record ignores what it does not know. A body that breaks the schema is a
 * 400 naming each field ({@link dev.calibrate.kernel.error.InvalidInput}); one that is not JSON at all
 * is the same malformed-JSON 400 as before, since the parse error travels as an {@link IOException}.
 */
@ControllerAdvice
class SchemaValidatedBodies extends RequestBodyAdviceAdapter {

    private final SchemaRegistry schemas;
    private final ObjectMapper mapper;

    SchemaValidatedBodies(SchemaRegistry schemas, ObjectMapper mapper) {
        this.schemas = schemas;
        this.mapper = mapper;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return parameter.getParameterType().isAnnotationPresent(RequestSchema.class);
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body = input.getBody().readAllBytes();
        JsonNode tree = mapper.readTree(body);
        schemas.validate(parameter.getParameterType().getAnnotation(RequestSchema.class).value(), tree);
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }
}
