package dev.calibrate.app.security.people;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * People's invitations and sign-in ({@code calibrate.users.*}).
 *
 * @param invitationTtl     how long an invitation link (or a re-invitation, a password reset) can be used
 * @param maxFailedSignIns  wrong passwords in a row that lock the account
 * @param lockout           how long a locked account refuses every password, the right one included
 * @param publicUrl         the console's public base URL, which makes invitation links absolute (and mailable);
 *                          without it they are paths such as {@code /console/invitations/…}
 */
@ConfigurationProperties("calibrate.users")
public record UserSettings(@DefaultValue("7d") Duration invitationTtl,
                           @DefaultValue("5") int maxFailedSignIns,
                           @DefaultValue("15m") Duration lockout,
                           @DefaultValue("") String publicUrl) {

    public UserSettings {
        if (maxFailedSignIns < 1) {
            throw new IllegalArgumentException("calibrate.users.max-failed-sign-ins must be at least 1");
        }
    }

    /** The link an invitation's secret opens. */
    public String invitationLink(String secret) {
        String base = publicUrl == null ? "" : publicUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/console/invitations/" + secret;
    }
}
