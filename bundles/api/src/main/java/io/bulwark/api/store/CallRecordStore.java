package io.bulwark.api.store;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable call records. The write methods only enqueue and return at once; a writer thread
 * commits them in batches, at least once per second, so a crash loses at most the last second.
 */
@ProviderType
public interface CallRecordStore {

    /** Records a new call attempt. */
    void callStarted(String callId, String direction, String caller, String callee,
            String outsideTransport, String insideTransport, Instant at);

    /** Records that the call was answered. */
    void callAnswered(String callId, Instant at);

    /**
     * Records how each leg's media travels (see {@link CallRecord#outsideMedia()}): written when
     * the call is answered, and again when a re-offer changed it.
     *
     * @since 1.3
     */
    void callMedia(String callId, String outsideMedia, String insideMedia);

    /** Records the end of a call and why. */
    void callEnded(String callId, String reason, Instant at);

    /**
     * @param limit at most this many
     * @return the newest records first
     */
    List<CallRecord> recent(int limit);

    /**
     * Pages through the records, newest first.
     *
     * @param text only records whose caller, callee or Call-ID contains this (case-insensitive),
     *     or null for all
     * @param after continue after this position, or null for the newest
     * @param limit at most this many, 1 to 1000
     * @return the page
     * @since 1.1
     */
    CallRecordPage page(String text, CallRecordCursor after, int limit);

    /**
     * @param text as for {@link #page}
     * @return how many records match
     * @since 1.1
     */
    long count(String text);

    /** @return the record of that call, or null */
    CallRecord find(String callId);

    /** @return the number of records stored */
    long count();

    /** Blocks until everything enqueued so far is committed (for a clean stop and for tests). */
    void flush();
}
