package io.bulwark.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RTP payloads of a classic pcap file of Ethernet/IPv4/UDP frames (the recordings sipp ships
 * and plays with {@code play_pcap_audio}), to recognise them when they come out of the appliance.
 */
final class PcapRtp {

    private PcapRtp() {
    }

    /** @return each frame's RTP payload (after the 12-byte fixed header and any CSRCs), in file order */
    static List<byte[]> payloads(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap));
        int magic = b.getInt(0);
        if (magic == 0xd4c3b2a1) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else if (magic != 0xa1b2c3d4) {
            throw new IOException(pcap + ": not a classic pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        if (b.getInt(20) != 1) {
            throw new IOException(pcap + ": link type " + b.getInt(20) + ", expected Ethernet (1)");
        }
        List<byte[]> out = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= b.limit()) {
            int captured = b.getInt(pos + 8);
            int frame = pos + 16;
            pos = frame + captured;
            int ip = frame + 14;
            int ihl = (b.get(ip) & 0x0f) * 4;
            int udp = ip + ihl;
            int rtp = udp + 8;
            byte[] all = b.array(); // packet fields are in network byte order, whatever the file's
            int udpLength = (all[udp + 4] & 0xff) << 8 | all[udp + 5] & 0xff;
            int header = 12 + 4 * (all[rtp] & 0x0f);
            out.add(Arrays.copyOfRange(all, rtp + header, udp + udpLength));
        }
        return out;
    }
}
