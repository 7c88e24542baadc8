package dev.calibrate.app.console.dashboard;

import dev.calibrate.app.console.Me;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** {@code /console}: the dashboard for a tenant's people; the platform admin is sent to the admin screens. */
@Controller
class DashboardController {

    private final DashboardReads reads;

    DashboardController(DashboardReads reads) {
        this.reads = reads;
    }

    @GetMapping({"/console", "/console/"})
    String home(@ModelAttribute("me") Me me, Model model) {
        if (me.platformAdmin()) {
            return "redirect:/console/admin";
        }
        model.addAttribute("dashboard", reads.read(me.caller()));
        return "console/dashboard";
    }
}
