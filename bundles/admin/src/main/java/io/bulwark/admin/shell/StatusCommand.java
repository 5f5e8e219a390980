package io.bulwark.admin.shell;

import io.bulwark.api.sip.DialogRegistry;
import io.bulwark.api.store.CallRecordStore;
import io.bulwark.api.transport.SipTransport;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code bulwark:status}: where the appliance listens, calls up now, call records stored. */
@Command(scope = "bulwark", name = "status", description = "Shows the SIP listeners, active calls and stored call records")
@Service
public class StatusCommand implements Action {

    @Reference(optional = true)
    SipTransport transport;

    @Reference(optional = true)
    DialogRegistry dialogs;

    @Reference(optional = true)
    CallRecordStore store;

    @Override
    public Object execute() {
        if (transport == null) {
            System.out.println("SIP transport: NOT RUNNING (bundle bulwark-transport inactive or misconfigured)");
        } else {
            ShellTable table = new ShellTable();
            table.column("Zone");
            table.column("Transport");
            table.column("Address");
            table.column("Connections").alignRight();
            for (SipTransport.ListenerInfo l : transport.listeners()) {
                table.addRow().addContent(l.zone().configName(), l.protocol(), l.address(), l.connections());
            }
            table.print(System.out);
        }
        System.out.println("Active calls: " + (dialogs == null ? "unknown (SIP proxy not running)" : dialogs.activeCount()));
        System.out.println("Call records: " + (store == null ? "unknown (store not running)" : store.count()));
        return null;
    }
}
