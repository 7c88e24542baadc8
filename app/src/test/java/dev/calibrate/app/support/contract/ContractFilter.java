package dev.calibrate.app.support.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.util.Optional;
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

    /** The application's firewall ({@code SecurityConfiguration.firewall}): Spring's strict one, with {@code ;} allowed. */
    private static final StrictHttpFirewall FIREWALL = new StrictHttpFirewall();

    static {
        FIREWALL.setAllowSemicolon(true);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = pathOf(request);
        return dev.calibrate.app.openapi.ApiHandlers.DOCUMENTED_PREFIXES.stream().noneMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new StreamPassingResponse(response);
        try {
            chain.doFilter(request, recorded);
        } finally {
            try {
                check(request, recorded);
            } catch (RuntimeException e) {
                ContractLedger.violated(request.getMethod() + " " + pathOf(request) + ": the contract check failed: " + e);
            }
            recorded.copyBodyToResponse();
        }
    }

    private void check(HttpServletRequest request, ContentCachingResponseWrapper response) {
        if (refusedByTheFirewall(request)) {
            // a URL the security firewall refuses (a "..", an encoded slash) reaches no operation
            return;
        }
        OpenApiDocument doc = document.get();
        OpenApiDocument.Operation operation = operation(doc, request).orElse(null);
        // a path or method no operation serves (404, 405) is not an operation's answer
        if (operation == null) return;
        ContractLedger.called(operation);
        for (String violation : check.violations(doc, operation, response.getStatus(), response.getContentType(),
                response.getContentAsByteArray())) {
            ContractLedger.violated(operation + " answered " + response.getStatus() + " to "
                    + request.getMethod() + " " + request.getRequestURI() + ": " + violation);
        }
    }

    private static boolean refusedByTheFirewall(HttpServletRequest request) {
        try {
            FIREWALL.getFirewalledRequest(request);
            return false;
        } catch (RequestRejectedException e) {
            return true;
        }
    }

    /**
     * The operation of the handler Spring MVC chose; when a filter answered before Spring MVC ran
     * (401, 403, 413), the operation whose path template the request matches.
     */
    private static Optional<OpenApiDocument.Operation> operation(OpenApiDocument doc, HttpServletRequest request) {
        if (request.getAttribute(DispatcherServlet.WEB_APPLICATION_CONTEXT_ATTRIBUTE) == null) {
            return doc.match(request.getMethod(), pathOf(request));
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null) return Optional.empty();
        // springdoc writes {id:[0-9]+} as {id}
        String path = pattern.toString().replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
        return Optional.ofNullable(doc.operations().get(request.getMethod() + " " + path));
    }

    /**
     * Records the body for the check, except a Server-Sent Events stream's, which goes on to the
     * client at each flush as it is written (recorded whole, a stream would never reach its client);
     * a stream's status and content type are still checked, its body is not JSON to check. A stream is
     * written by another thread while this filter's own thread checks and copies what it has: every use of
     * the recorded body holds the wrapper's lock (unlocked, the two resized the one buffer at once).
     */
    private static final class StreamPassingResponse extends ContentCachingResponseWrapper {

        private ServletOutputStream locked;

        StreamPassingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public synchronized ServletOutputStream getOutputStream() throws IOException {
            if (locked == null) {
                ServletOutputStream recording = super.getOutputStream();
                locked = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        synchronized (StreamPassingResponse.this) {
                            recording.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        synchronized (StreamPassingResponse.this) {
                            recording.write(b, off, len);
                        }
                    }

                    @Override
                    public boolean isReady() {
                        return recording.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        recording.setWriteListener(listener);
                    }
                };
            }
            return locked;
        }

        @Override
        public synchronized byte[] getContentAsByteArray() {
            return super.getContentAsByteArray();
        }

        @Override
        protected synchronized void copyBodyToResponse(boolean complete) throws IOException {
            super.copyBodyToResponse(complete);
        }

        @Override
        public synchronized void flushBuffer() throws IOException {
            String type = getContentType();
            if (type != null && type.startsWith("text/event-stream")) {
                // false: no Content-Length, the stream goes on
                copyBodyToResponse(false);
                getResponse().flushBuffer();
            } else {
                super.flushBuffer();
            }
        }
    }

    private static String pathOf(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }
}
