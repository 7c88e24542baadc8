package dev.calibrate.app.users;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The invitation mail, sent to a few lines of SMTP server in this test; and no mail without a mail server set up. */
class InvitationMailTest {

    private static final String LINK = "https://calibrate.acme.example/console/invitations/q3V9xT2mK8pL5nR7wB4cY1zD6fH0jG3sA9eU2iO5kMn";

    @Test
    void theLinkIsMailedToThePersonWhenMailIsSetUp() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> receiveOne(server));
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(server.getLocalPort());

            boolean sent = mail(sender).send("alice@acme.example", "Alice", LINK, Instant.parse("2026-12-11T09:30:00Z"));

            String session = received.get(10, TimeUnit.SECONDS);
            assertThat(sent).isTrue();
            assertThat(session).contains("RCPT TO:<alice@acme.example>").contains("Subject: Your invitation to Calibrate")
                    .contains(LINK).contains("Hello Alice");
        }
    }

    @Test
    void withoutAMailServerNothingIsSent() {
        assertThat(mail(null).send("alice@acme.example", "Alice", LINK, Instant.now())).isFalse();
    }

    @Test
    void aMailServerThatIsDownDoesNotFailTheInvitation() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(closedPort);

        assertThat(mail(sender).send("alice@acme.example", "Alice", LINK, Instant.now())).isFalse();
    }

    private static InvitationMail mail(JavaMailSender sender) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (sender != null) {
            beans.addBean("mailSender", sender);
        }
        return new InvitationMail(beans.getBeanProvider(JavaMailSender.class), "calibrate@acme.example");
    }

    /** Just enough SMTP for one message; answers the transcript of what the client sent. */
    private static String receiveOne(ServerSocket server) {
        StringBuilder transcript = new StringBuilder();
        try (Socket client = server.accept();
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = client.getOutputStream()) {
            reply(out, "220 test SMTP");
            boolean data = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                transcript.append(line).append('\n');
                if (data) {
                    if (line.equals(".")) {
                        data = false;
                        reply(out, "250 queued");
                    }
                } else if (line.startsWith("EHLO") || line.startsWith("HELO")) {
                    reply(out, "250 test");
                } else if (line.startsWith("DATA")) {
                    data = true;
                    reply(out, "354 go ahead");
                } else if (line.startsWith("QUIT")) {
                    reply(out, "221 bye");
                    break;
                } else {
                    reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return transcript.toString();
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
