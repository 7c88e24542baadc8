package dev.calibrate.app.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat refuses some requests before any filter or servlet runs (a path with {@code %00} or bytes
 * that are not UTF-8) and describes the refusal with its error report valve, which wrote an HTML page.
 * This one writes a problem document instead. Nothing of the request is echoed: it is the malformed part.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        // Tomcat's 501 and 505 answer a request line it cannot parse: the client's fault, so a 400
        int answer = status == 501 || status == 505 ? 400 : status;
        boolean refused = answer < 500;
        HttpStatus known = HttpStatus.resolve(answer);
        String body = "{\"type\":\"" + Problems.TYPE_BASE + (refused ? "malformed-request" : "internal") + "\","
                + "\"title\":\"" + (known != null ? known.getReasonPhrase() : refused ? "Bad Request" : "Internal Server Error")
                + "\",\"status\":" + answer + ","
                + "\"detail\":\"" + (refused ? "the request line or its headers are malformed or too large"
                : "the server failed to handle the request") + "\"}";
        try {
            response.setStatus(answer);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was taken over; there is no one left to tell
        }
    }
}
