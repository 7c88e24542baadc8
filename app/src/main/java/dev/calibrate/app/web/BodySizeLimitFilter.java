package dev.calibrate.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Locale;

/**
 * Refuses bodies over {@code calibrate.web.max-body-bytes} with 413: at once when Content-Length
 * says so, and while reading when a chunked body grows past the limit. Webhook endpoints
 * ({@code /webhooks/**}) are left alone: a channel's payloads can be larger than any API request, and
 * each endpoint limits what it reads itself.
 * <p>
 * A console form with a file ({@code multipart/form-data} under {@code /console/}) may be as large as
 * {@code spring.servlet.multipart.max-request-size}: a browser shows a JSON problem as a page of raw
 * text, so a file too large for the form must reach the form's handler, which answers with the form and
 * how large a file it takes beside the file field. Beyond that a short HTML page says what the limit is.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final long maxConsoleUploadBytes;
    private final Problems problems;

    public BodySizeLimitFilter(@Value("${calibrate.web.max-body-bytes}") long maxBytes,
                               @Value("${spring.servlet.multipart.max-request-size}") DataSize maxConsoleUpload,
                               Problems problems) {
        this.maxBytes = maxBytes;
        this.maxConsoleUploadBytes = Math.max(maxBytes, maxConsoleUpload.toBytes());
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getServletPath().startsWith("/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean consoleUpload = isConsoleUpload(request);
        long limit = consoleUpload ? maxConsoleUploadBytes : maxBytes;
        if (request.getContentLengthLong() > limit) {
            if (consoleUpload) {
                tooLargePage(response, limit);
                return;
            }
            problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large",
                    "the request body is " + request.getContentLengthLong() + " bytes; the limit is " + maxBytes);
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    static boolean isConsoleUpload(HttpServletRequest request) {
        String type = request.getContentType();
        return request.getServletPath().startsWith("/console/") && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** What a browser shows for a console upload over every limit: a page, not a JSON document. */
    private static void tooLargePage(HttpServletResponse response, long limit) throws IOException {
        response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
        response.setContentType("text/html;charset=UTF-8");
        String megabytes = limit / (1024 * 1024) + " MB";
        response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>File too large · Calibrate</title></head><body><main><h1>The file is too large</h1>"
                + "<p>The console takes at most " + megabytes + " in one form, and each form says how large a file"
                + " it takes.</p><p><a href=\"/console\">Back to the console</a></p></main></body></html>");
    }

    /** Thrown while reading a body that exceeds the limit; mapped to 413. */
    public static class BodyTooLarge extends IOException {
        BodyTooLarge(long limit) {
            super("the request body exceeds the limit of " + limit + " bytes");
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) count(1);
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, len);
                        if (n > 0) count(n);
                        return n;
                    }

                    private void count(int n) throws BodyTooLarge {
                        read += n;
                        if (read > limit) throw new BodyTooLarge(limit);
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
