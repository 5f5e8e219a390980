package io.bulwark.dos.decision;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.decision.AllowListEntry;
import io.bulwark.api.decision.Ban;
import io.bulwark.api.decision.BanOrigin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The text form of {@link JournalRecord}s: one line each, {@code <crc32>TAB<type>TAB<fields>},
 * fields separated by tabs, with {@code \\ \t \n \r} escaped so that free text (a reason, a
 * label) can never break a line. The CRC-32 (hex) covers everything after the first tab, so a
 * line torn by a killed process or damaged on disk is recognised and skipped, never misread.
 * Times are epoch milliseconds.
 */
final class JournalCodec {

    private JournalCodec() {
    }

    /**
     * @param r a record
     * @return its line, ending in {@code \n}
     */
    static String encode(JournalRecord r) {
        String payload;
        if (r instanceof JournalRecord.BanAdded b) {
            Ban ban = b.ban();
            payload = join("B", ban.cidr(), ban.origin().name(), ban.originName(), ban.reason(),
                    millis(ban.createdAt()), millis(ban.expiresAt()), Integer.toString(ban.offenceCount()));
        } else if (r instanceof JournalRecord.BanLifted u) {
            payload = join("U", u.scope().toString(), u.by(), millis(u.at()));
        } else if (r instanceof JournalRecord.Allowed a) {
            AllowListEntry e = a.entry();
            payload = join("A", e.cidr(), e.label(), Integer.toString(e.ratePerSecond()), e.addedBy(),
                    millis(e.addedAt()));
        } else if (r instanceof JournalRecord.AllowRemoved d) {
            payload = join("R", d.scope().toString(), d.by(), millis(d.at()));
        } else {
            JournalRecord.Offence o = (JournalRecord.Offence) r;
            payload = join("O", o.scope().toString(), Integer.toString(o.count()), millis(o.last()));
        }
        return String.format(Locale.ROOT, "%08x", crc(payload)) + '\t' + payload + '\n';
    }

    /**
     * @param line one line without its {@code \n}
     * @return the record
     * @throws IllegalArgumentException when the line is torn, damaged or unknown
     */
    static JournalRecord decode(String line) {
        int tab = line.indexOf('\t');
        if (tab != 8) {
            throw new IllegalArgumentException("no checksum");
        }
        String payload = line.substring(tab + 1);
        if (Long.parseLong(line.substring(0, tab), 16) != crc(payload)) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        String[] f = payload.split("\t", -1);
        for (int i = 0; i < f.length; i++) {
            f[i] = unescape(f[i]);
        }
        switch (f[0]) {
            case "B":
                expect(f, 8);
                return new JournalRecord.BanAdded(new Ban(AddressBlock.parse(f[1]), BanOrigin.valueOf(f[2]), f[3],
                        f[4], instant(f[5]), instant(f[6]), Integer.parseInt(f[7])));
            case "U":
                expect(f, 4);
                return new JournalRecord.BanLifted(AddressBlock.parse(f[1]), f[2], instant(f[3]));
            case "A":
                expect(f, 6);
                return new JournalRecord.Allowed(new AllowListEntry(AddressBlock.parse(f[1]), f[2],
                        Integer.parseInt(f[3]), f[4], instant(f[5])));
            case "R":
                expect(f, 4);
                return new JournalRecord.AllowRemoved(AddressBlock.parse(f[1]), f[2], instant(f[3]));
            case "O":
                expect(f, 4);
                return new JournalRecord.Offence(AddressBlock.parse(f[1]), Integer.parseInt(f[2]), instant(f[3]));
            default:
                throw new IllegalArgumentException("unknown record type " + f[0]);
        }
    }

    private static void expect(String[] fields, int n) {
        if (fields.length != n) {
            throw new IllegalArgumentException("expected " + n + " fields, got " + fields.length);
        }
    }

    private static String join(String... fields) {
        StringBuilder s = new StringBuilder(128);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                s.append('\t');
            }
            escape(fields[i], s);
        }
        return s.toString();
    }

    private static void escape(String v, StringBuilder out) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    private static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder s = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\' || i + 1 == v.length()) {
                s.append(c);
                continue;
            }
            char n = v.charAt(++i);
            s.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
        }
        return s.toString();
    }

    private static long crc(String payload) {
        CRC32 crc = new CRC32();
        crc.update(payload.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private static String millis(Instant t) {
        return Long.toString(t.toEpochMilli());
    }

    private static Instant instant(String millis) {
        return Instant.ofEpochMilli(Long.parseLong(millis));
    }
}
