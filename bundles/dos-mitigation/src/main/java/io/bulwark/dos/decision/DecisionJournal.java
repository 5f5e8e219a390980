package io.bulwark.dos.decision;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only journal of the decision store: one line per change ({@link JournalCodec}).
 *
 * <p>Why it survives kill -9: every change is written with one {@code write(2)} of a whole line
 * before the store's call returns, so a killed process leaves at most one torn last line, which
 * the checksum rejects on the next start. With {@code fsync} on, each change is also forced to
 * the disk ({@code fdatasync}), which survives a power cut as well.
 *
 * <p>Compaction rewrites the live state into a temporary file, forces it, and renames it over the
 * journal (an atomic replace on POSIX file systems), so a crash during compaction leaves either
 * the old journal or the new one.
 */
final class DecisionJournal implements Closeable {

    /** Longer lines are damage, not records. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    /**
     * What reading a journal found.
     *
     * @param records the records of the intact lines, in order
     * @param tornTail 1 when the last line had no newline (a write cut short), else 0
     * @param damaged lines that failed their checksum or did not parse
     */
    record Replay(List<JournalRecord> records, int tornTail, int damaged) {
    }

    private final Path file;
    private final boolean fsync;
    private FileChannel channel;
    private long appendedSinceCompaction;

    private DecisionJournal(Path file, boolean fsync) {
        this.file = file;
        this.fsync = fsync;
    }

    /**
     * @param file the journal; missing means empty
     * @return its intact records
     * @throws IOException when it exists but cannot be read
     */
    static Replay read(Path file) throws IOException {
        List<JournalRecord> records = new ArrayList<>();
        int damaged = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean overlong = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    overlong |= line.size() >= MAX_LINE_BYTES;
                    if (!overlong) {
                        line.write(b);
                    }
                    continue;
                }
                JournalRecord r = overlong ? null : decodeOrNull(line.toString(StandardCharsets.UTF_8));
                if (r == null) {
                    damaged++;
                } else {
                    records.add(r);
                }
                line.reset();
                overlong = false;
            }
        } catch (NoSuchFileException e) {
            return new Replay(records, 0, 0);
        }
        return new Replay(records, line.size() > 0 || overlong ? 1 : 0, damaged);
    }

    /**
     * Replaces the journal by the given records and opens it for appending.
     *
     * @param file the journal
     * @param records the live state
     * @param fsync whether each append is forced to disk
     * @return the open journal
     * @throws IOException when it cannot be written
     */
    static DecisionJournal create(Path file, List<JournalRecord> records, boolean fsync) throws IOException {
        DecisionJournal j = new DecisionJournal(file, fsync);
        j.compact(records);
        return j;
    }

    /**
     * Appends one record, as one write of a whole line.
     *
     * @param r the record
     * @throws IOException when it cannot be written
     */
    synchronized void append(JournalRecord r) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(JournalCodec.encode(r).getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        if (fsync) {
            channel.force(false);
        }
        appendedSinceCompaction++;
    }

    /**
     * Rewrites the journal as the given records (atomically) and goes on appending to it.
     *
     * @param records the live state
     * @throws IOException when it cannot be written; the old journal then stays in place
     */
    synchronized void compact(List<JournalRecord> records) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder all = new StringBuilder(records.size() * 96);
        for (JournalRecord r : records) {
            all.append(JournalCodec.encode(r));
        }
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(all.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (dir != null) {
            forceDirectory(dir);
        }
        if (channel != null) {
            channel.close();
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        appendedSinceCompaction = 0;
    }

    /** @return lines appended since the last compaction */
    synchronized long appendedSinceCompaction() {
        return appendedSinceCompaction;
    }

    /** @return the journal file */
    Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private static JournalRecord decodeOrNull(String line) {
        try {
            return JournalCodec.decode(line);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Makes the rename durable; not every file system lets a directory be opened, so best effort. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // the rename is still atomic; only its durability across a power cut is weaker
        }
    }
}
