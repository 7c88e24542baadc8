package dev.calibrate.app.users;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Mails an invitation link when mail is set up ({@code spring.mail.host}, which makes Spring Boot
 * provide a {@link JavaMailSender}); otherwise the inviting admin passes on the link they are shown.
 * The link is a credential: it goes into the mail and nowhere else, never into a log line, and a mail
 * that fails is logged by the exception's type only, since a server's answer may quote the message.
 */
@Component
public class InvitationMail {

    private static final Logger log = LoggerFactory.getLogger(InvitationMail.class);

    private final ObjectProvider<JavaMailSender> senders;
    private final String from;

    public InvitationMail(ObjectProvider<JavaMailSender> senders,
                          @Value("${calibrate.users.mail-from:calibrate@localhost}") String from) {
        this.senders = senders;
        this.from = from;
    }

    /** Whether the mail was handed to the mail server. An invitation stands either way: its link was shown. */
    public boolean send(String email, String name, String link, Instant expiresAt) {
        JavaMailSender sender = senders.getIfAvailable();
        if (sender == null) {
            return false;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(email);
        message.setSubject("Your invitation to Calibrate");
        message.setText("Hello " + name + ",\n\n"
                + "you are invited to Calibrate. Open this link to set your password, then sign in:\n\n"
                + link + "\n\n"
                + "The link works once and expires at " + expiresAt + ". If you did not expect it, ignore this mail.\n");
        try {
            sender.send(message);
            return true;
        } catch (MailException e) {
            log.warn("could not mail an invitation ({}); the admin who invited was shown the link",
                    e.getClass().getSimpleName());
            return false;
        }
    }
}
