package io.bulwark.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal PBX on UDP that records every message it receives and answers each request (but
 * ACK) with 404, copying the headers RFC 3261 section 8.2.6 requires.
 */
final class FakePbx implements AutoCloseable {

    private static final Pattern CALL_ID = Pattern.compile("(?im)^(?:Call-ID|i)[ \\t]*:[ \\t]*(.*?)\\r?$");
    private final DatagramSocket socket;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread thread;

    FakePbx(int port) throws IOException {
        socket = new DatagramSocket(port, InetAddress.getLoopbackAddress());
        thread = new Thread(this::loop, "fake-pbx");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        byte[] buf = new byte[70000];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
                received.add(msg);
                if (!msg.startsWith("SIP/2.0") && !msg.startsWith("ACK ")) {
                    byte[] answer = notFound(msg).getBytes(StandardCharsets.ISO_8859_1);
                    socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static String notFound(String request) {
        StringBuilder b = new StringBuilder("SIP/2.0 404 Not Found\r\n");
        for (String line : request.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("v:") || lower.startsWith("from:")
                    || lower.startsWith("f:") || lower.startsWith("call-id:") || lower.startsWith("i:")
                    || lower.startsWith("cseq:")) {
                b.append(line).append("\r\n");
            } else if (lower.startsWith("to:") || lower.startsWith("t:")) {
                b.append(line).append(line.contains(";tag=") ? "" : ";tag=pbx404").append("\r\n");
            }
        }
        return b.append("Content-Length: 0\r\n\r\n").toString();
    }

    /** @return every message received whose Call-ID is the given one */
    List<String> withCallId(String callId) {
        return received.stream().filter(m -> callId.equals(callIdOf(m))).toList();
    }

    static String callIdOf(String message) {
        int end = message.indexOf("\r\n\r\n");
        Matcher m = CALL_ID.matcher(end < 0 ? message : message.substring(0, end));
        return m.find() ? m.group(1).trim() : null;
    }

    int count() {
        return received.size();
    }

    @Override
    public void close() {
        socket.close();
    }
}
