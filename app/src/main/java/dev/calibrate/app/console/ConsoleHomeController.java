package dev.calibrate.app.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** {@code /console}: the dashboard for a tenant's people; the platform admin is sent to the admin screens. */
@Controller
public class ConsoleHomeController {

    @GetMapping({"/console", "/console/"})
    String home(@ModelAttribute("me") Me me) {
        if (me.platformAdmin()) {
            return "redirect:/console/admin";
        }
        return "console/dashboard";
    }
}
