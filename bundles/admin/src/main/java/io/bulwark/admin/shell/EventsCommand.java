package io.bulwark.admin.shell;

import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.store.SecurityEventQuery;
import io.bulwark.api.store.SecurityEventStore;
import io.bulwark.api.store.StoredSecurityEvent;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code bulwark:events}: the newest stored security events, optionally filtered, one line each
 * with the first line of the evidence cut to the width of the terminal.
 */
@Command(scope = "bulwark", name = "events", description = "Lists the newest stored security events")
@Service
public class EventsCommand implements Action {

    /** Width used when the session has no terminal (a script, ssh with a command). */
    static final int DEFAULT_WIDTH = 160;
    /** A target longer than this is cut, so it cannot crowd out the evidence. */
    static final int MAX_TARGET = 40;
    /** The evidence column gets at least this many characters, however narrow the terminal. */
    static final int MIN_EVIDENCE = 30;
    private static final String SEPARATOR = " | ";
    private static final String[] HEADERS = {"Time", "Level", "Severity", "Kind", "Source", "Target", "Evidence"};

    @Reference(optional = true)
    SecurityEventStore store;

    @Reference(optional = true)
    Session session;

    @Option(name = "-k", aliases = "--kind", description = "Only this kind (sip.malformed) or prefix ending with a dot (sip.)")
    String kind;

    @Option(name = "-s", aliases = "--source", description = "Only events from this IPv4 or IPv6 address")
    String source;

    @Option(name = "-l", aliases = "--level", description = "Only this level: network, application or content")
    String level;

    @Option(name = "-n", aliases = "--limit", description = "How many events (1-500)")
    int limit = 20;

    @Override
    public Object execute() {
        run(System.out);
        return null;
    }

    /** Prints the table, or why it cannot. */
    void run(PrintStream out) {
        if (store == null) {
            out.println("Security event store not running");
            return;
        }
        SecurityEventQuery query;
        try {
            query = new SecurityEventQuery(parseLevel(level), kind == null ? null : kind.toLowerCase(Locale.ROOT),
                    null, source, null, null, null, limit, null);
        } catch (IllegalArgumentException e) {
            out.println("Invalid option: " + e.getMessage());
            return;
        }
        table(store.list(query), width()).print(out);
    }

    private int width() {
        Terminal t = session == null ? null : session.getTerminal();
        return t == null || t.getWidth() <= 0 ? DEFAULT_WIDTH : t.getWidth();
    }

    private static ThreatLevel parseLevel(String level) {
        if (level == null || level.isBlank()) {
            return null;
        }
        for (ThreatLevel l : ThreatLevel.values()) {
            if (l.name().equalsIgnoreCase(level.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException("level must be network, application or content, got '" + level + "'");
    }

    /**
     * @param events the events, newest first
     * @param width the width of the terminal: the evidence gets what the other columns leave, but
     *     at least {@value #MIN_EVIDENCE} characters (a narrow terminal then wraps the line)
     * @return the table
     */
    static ShellTable table(List<StoredSecurityEvent> events, int width) {
        List<String[]> rows = new ArrayList<>(events.size());
        int[] widths = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            widths[i] = HEADERS[i].length();
        }
        for (StoredSecurityEvent e : events) {
            String target = e.target() == null ? "" : e.target();
            String[] row = {e.time().truncatedTo(ChronoUnit.SECONDS).toString(), e.level().name(),
                e.severity().name(), e.kind(), e.source() == null ? "-" : e.source(),
                target.length() > MAX_TARGET ? target.substring(0, MAX_TARGET) : target, firstLine(e.evidence())};
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
            rows.add(row);
        }
        int used = 0;
        for (int i = 0; i < HEADERS.length - 1; i++) {
            used += widths[i] + SEPARATOR.length();
        }
        int evidence = Math.max(MIN_EVIDENCE, width - used - 1);
        ShellTable table = new ShellTable().separator(SEPARATOR).emptyTableText("No security events");
        for (String h : HEADERS) {
            table.column(h);
        }
        for (String[] row : rows) {
            String ev = row[row.length - 1];
            row[row.length - 1] = ev.length() > evidence ? ev.substring(0, evidence) : ev;
            table.addRow().addContent((Object[]) row);
        }
        return table;
    }

    /** @return the text up to its first line break, with other control characters as spaces */
    static String firstLine(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                break;
            }
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }
}
