package io.bulwark.admin.shell;

import io.bulwark.api.decision.DecisionStore;
import io.bulwark.api.store.AuditLog;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code bulwark:unban <address|cidr>}: lifts a ban from the console. */
@Command(scope = "bulwark", name = "unban", description = "Lifts the ban of an address or CIDR block")
@Service
public class UnbanCommand implements Action {

    @Reference(optional = true)
    DecisionStore decisions;

    @Reference(optional = true)
    AuditLog audit;

    @Argument(index = 0, name = "scope", required = true, description = "The banned address or CIDR block")
    String scope;

    @Override
    public Object execute() {
        if (decisions == null) {
            System.out.println("DoS mitigation not running");
            return null;
        }
        try {
            if (decisions.unban(scope, "console")) {
                ConsoleAudit.record(audit, "ban.remove", scope, null);
                System.out.println("Unbanned " + scope);
            } else {
                System.out.println(scope + " is not banned");
            }
        } catch (IllegalArgumentException e) {
            System.out.println("Not an address or CIDR block: " + e.getMessage());
        }
        return null;
    }
}
