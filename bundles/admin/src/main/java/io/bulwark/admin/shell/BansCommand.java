package io.bulwark.admin.shell;

import io.bulwark.api.decision.AllowListEntry;
import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanEnforcer;
import io.bulwark.api.decision.DecisionStore;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code bulwark:bans}: active bans (or the allow-list with {@code --allowed}) and kernel enforcement. */
@Command(scope = "bulwark", name = "bans", description = "Lists active bans, or the allow-list with --allowed")
@Service
public class BansCommand implements Action {

    @Reference(optional = true)
    DecisionStore decisions;

    @Reference(optional = true)
    BanEnforcer enforcer;

    @Option(name = "-a", aliases = "--allowed", description = "Show the allow-list instead of the bans")
    boolean allowed;

    @Override
    public Object execute() {
        if (decisions == null) {
            System.out.println("DoS mitigation not running");
            return null;
        }
        ShellTable table = new ShellTable();
        if (allowed) {
            for (String c : new String[] {"Scope", "Label", "Rate/s", "Added by", "Since"}) {
                table.column(c);
            }
            for (AllowListEntry a : decisions.allowList()) {
                table.addRow().addContent(a.scope(), a.label(), a.ratePerSecond() == 0 ? "default" : a.ratePerSecond(),
                        a.addedBy(), a.addedAt());
            }
        } else {
            for (String c : new String[] {"Scope", "Origin", "By", "Reason", "Until", "Offences"}) {
                table.column(c);
            }
            for (Ban b : decisions.bans()) {
                table.addRow().addContent(b.cidr(), b.origin(), b.originName(), b.reason(), b.expiresAt(),
                        b.offenceCount());
            }
        }
        table.print(System.out);
        if (enforcer != null) {
            System.out.println("Kernel enforcement: " + enforcer.enforcementHealth().state() + " ("
                    + enforcer.enforcementHealth().detail() + ")");
        } else {
            System.out.println("Kernel enforcement: none (user space only)");
        }
        return null;
    }
}
