package io.bulwark.benchmarks;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.bulwark.sipproxy.codec.DecodeResult;
import io.bulwark.sipproxy.codec.SipMessageDecoder;
import io.bulwark.sipproxy.codec.SipMessageImpl;
import io.bulwark.sipproxy.codec.Via;
import java.util.concurrent.TimeUnit;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Messages parsed per second, Bulwark's decoder against the JAIN-SIP reference parser, on the
 * same bytes. Both then read what a proxy needs of every message (top Via branch, Call-ID, CSeq,
 * both tags, Max-Forwards), so the lazy decoder does not win by skipping work a proxy does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class SipParseBenchmark {

    @Param({"INVITE_SDP", "OK_200", "REGISTER"})
    public String message;

    private byte[] bytes;
    private SipMessageDecoder bulwark;
    private StringMsgParser jainSip;

    @Setup
    public void setUp() {
        bytes = switch (message) {
            case "INVITE_SDP" -> SipMessages.INVITE;
            case "OK_200" -> SipMessages.OK;
            default -> SipMessages.REGISTER;
        };
        bulwark = new SipMessageDecoder();
        jainSip = new StringMsgParser();
    }

    @Benchmark
    public void bulwark(Blackhole bh) {
        DecodeResult r = bulwark.decode(bytes, 0, bytes.length, true);
        SipMessageImpl m = r.message();
        Via v = m.topVia();
        bh.consume(v.branch());
        bh.consume(m.callId());
        bh.consume(m.cseq());
        bh.consume(m.fromTag());
        bh.consume(m.toTag());
        bh.consume(m.maxForwards());
    }

    /** Decoding alone, without reading any header: how the cost splits between framing and access. */
    @Benchmark
    public void bulwarkDecodeOnly(Blackhole bh) {
        bh.consume(bulwark.decode(bytes, 0, bytes.length, true).message());
    }

    @Benchmark
    public void jainSip(Blackhole bh) throws Exception {
        SIPMessage m = jainSip.parseSIPMessage(bytes, true, false, null);
        bh.consume(((ViaHeader) m.getHeader(ViaHeader.NAME)).getBranch());
        bh.consume(((CallIdHeader) m.getHeader(CallIdHeader.NAME)).getCallId());
        bh.consume(((CSeqHeader) m.getHeader(CSeqHeader.NAME)).getSeqNumber());
        bh.consume(((FromHeader) m.getHeader(FromHeader.NAME)).getTag());
        bh.consume(((ToHeader) m.getHeader(ToHeader.NAME)).getTag());
        MaxForwardsHeader mf = (MaxForwardsHeader) m.getHeader(MaxForwardsHeader.NAME);
        bh.consume(mf == null ? -1 : mf.getMaxForwards());
    }
}
