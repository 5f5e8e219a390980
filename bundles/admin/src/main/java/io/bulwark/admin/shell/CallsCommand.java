package io.bulwark.admin.shell;

import io.bulwark.api.sip.DialogInfo;
import io.bulwark.api.sip.DialogRegistry;
import io.bulwark.api.store.CallRecord;
import io.bulwark.api.store.CallRecordStore;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code bulwark:calls}: active calls, or with {@code --records} the newest call records. */
@Command(scope = "bulwark", name = "calls", description = "Lists active calls, or the newest call records with --records")
@Service
public class CallsCommand implements Action {

    @Reference(optional = true)
    DialogRegistry dialogs;

    @Reference(optional = true)
    CallRecordStore store;

    @Option(name = "-r", aliases = "--records", description = "Show stored call records instead of active calls")
    boolean records;

    @Option(name = "-n", aliases = "--limit", description = "How many records (1-10000)")
    int limit = 20;

    @Override
    public Object execute() {
        if (records) {
            printRecords();
        } else {
            printActive();
        }
        return null;
    }

    private void printActive() {
        if (dialogs == null) {
            System.out.println("SIP proxy not running");
            return;
        }
        ShellTable table = new ShellTable();
        for (String c : new String[] {"Call-ID (outside)", "From zone", "State", "Outside peer", "Transport", "Since"}) {
            table.column(c);
        }
        for (DialogInfo d : dialogs.activeDialogs()) {
            table.addRow().addContent(d.outsideCallId(), d.callerZone().configName(), d.state(), d.outsidePeer(),
                    d.outsideTransport(), d.created());
        }
        table.print(System.out);
    }

    private void printRecords() {
        if (store == null) {
            System.out.println("Store not running");
            return;
        }
        if (limit < 1 || limit > 10000) {
            System.out.println("--limit must be 1-10000, got " + limit);
            return;
        }
        ShellTable table = new ShellTable();
        for (String c : new String[] {"Started", "Direction", "Caller", "Callee", "Outside", "Inside", "Answered",
            "Ended", "Reason"}) {
            table.column(c);
        }
        for (CallRecord r : store.recent(limit)) {
            table.addRow().addContent(r.started(), r.direction(), r.caller(), r.callee(), r.outsideTransport(),
                    r.insideTransport(), r.answered(), r.ended(), r.endReason());
        }
        table.print(System.out);
    }
}
