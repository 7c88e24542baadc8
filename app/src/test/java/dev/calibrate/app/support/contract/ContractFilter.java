package dev.calibrate.app.support.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * Checks every response of a documented operation against the OpenAPI document while the
 * integration tests run: its status is one the operation documents, its content type one that status
 * names, and its body valid against that schema. Records each operation called for the coverage check.
 * Outermost, so it sees the 401s, 403s and 413s the other filters answer too.
 */
class ContractFilter extends OncePerRequestFilter {

    private final Supplier<OpenApiDocument> document;
    private final ResponseCheck check;

    ContractFilter(Supplier<OpenApiDocument> document, ObjectMapper mapper) {
        this.document = document;
        this.check = new ResponseCheck(mapper);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = pathOf(request);
        return dev.calibrate.app.openapi.ApiHandlers.DOCUMENTED_PREFIXES.stream().noneMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, recorded);
        } finally {
            try {
                check(request.getMethod(), pathOf(request), recorded);
            } catch (RuntimeException e) {
                ContractLedger.violated(request.getMethod() + " " + pathOf(request) + ": the contract check failed: " + e);
            }
            recorded.copyBodyToResponse();
        }
    }

    private void check(String method, String path, ContentCachingResponseWrapper response) {
        OpenApiDocument doc = document.get();
        // a path or method no operation serves (404, 405) is not an operation's answer
        OpenApiDocument.Operation operation = doc.match(method, path).orElse(null);
        if (operation == null) return;
        ContractLedger.called(operation);
        for (String violation : check.violations(doc, operation, response.getStatus(), response.getContentType(),
                response.getContentAsByteArray())) {
            ContractLedger.violated(operation + " answered " + response.getStatus() + ": " + violation);
        }
    }

    private static String pathOf(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }
}
