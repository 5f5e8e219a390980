package io.bulwark.admin.shell;

import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanOrigin;
import io.bulwark.api.decision.BanRefusedException;
import io.bulwark.api.decision.DecisionStore;
import io.bulwark.api.store.AuditLog;
import java.time.Duration;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code bulwark:ban <address|cidr>}: bans by hand from the console. */
@Command(scope = "bulwark", name = "ban", description = "Bans an address or CIDR block by hand")
@Service
public class BanCommand implements Action {

    @Reference(optional = true)
    DecisionStore decisions;

    @Reference(optional = true)
    AuditLog audit;

    @Argument(index = 0, name = "scope", required = true, description = "IPv4/IPv6 address or CIDR block")
    String scope;

    @Option(name = "-t", aliases = "--ttl", description = "Seconds (default 3600)")
    long ttl = 3600;

    @Option(name = "-r", aliases = "--reason", description = "Why (shown to other staff)")
    String reason = "banned at the console";

    @Override
    public Object execute() {
        if (decisions == null) {
            System.out.println("DoS mitigation not running");
            return null;
        }
        if (ttl < 1) {
            System.out.println("--ttl must be at least 1 second");
            return null;
        }
        try {
            Ban b = decisions.ban(scope, Duration.ofSeconds(ttl), BanOrigin.ADMIN, "console", reason);
            ConsoleAudit.record(audit, "ban.add", b.cidr(), "{\"expiresAt\":\"" + b.expiresAt() + "\"}");
            System.out.println("Banned " + b.cidr() + " until " + b.expiresAt());
        } catch (BanRefusedException | IllegalArgumentException e) {
            System.out.println("Not banned: " + e.getMessage());
        }
        return null;
    }
}
