package io.warmpool.faults.inject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written by hand on a plain socket, so that it can do what a library would
 * refuse to: stop mid-handshake, send oversize or garbage frames, never read, vanish without a close.
 */
final class RawWebSocket implements AutoCloseable {
    static final int TEXT = 1;
    static final int BINARY = 2;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** A connected socket, nothing sent; {@code receiveBuffer} > 0 shrinks the socket's receive window. */
    static RawWebSocket connect(String host, int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress(host, port), 5_000);
        s.setSoTimeout(5_000);
        return new RawWebSocket(s);
    }

    /** The upgrade request up to, not including, the blank line that ends it. */
    static String requestHead(String host, int port, String uri, Map<String, String> headers) {
        StringBuilder req = new StringBuilder("GET " + uri + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        return req.toString();
    }

    void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends the whole request and returns the response's status code (101 when upgraded). */
    int upgrade(String requestHead) throws IOException {
        send(requestHead + "\r\n");
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String[] status = head.toString(StandardCharsets.US_ASCII).split(" ", 3);
        return status.length >= 2 && status[1].matches("\\d{3}") ? Integer.parseInt(status[1]) : -1;
    }

    /** One masked frame, as a client must send it. */
    void frame(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write(0x80 | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.write(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i % 4]);
        }
        out.write(f.toByteArray());
        out.flush();
    }

    void text(String s) throws IOException {
        frame(TEXT, s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the server's frames for up to {@code millis}: the text frames' contents, and whether it
     * closed (a close frame, or the connection itself).
     */
    Reply drain(long millis) throws IOException {
        StringBuilder seen = new StringBuilder();
        long end = System.currentTimeMillis() + millis;
        try {
            while (System.currentTimeMillis() < end) {
                socket.setSoTimeout((int) Math.max(1, end - System.currentTimeMillis()));
                int b0 = in.read();
                if (b0 < 0) {
                    return new Reply(seen.toString(), true);
                }
                long length = in.read() & 0x7f; // server frames are not masked
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                byte[] payload = in.readNBytes((int) Math.min(length, 1 << 20));
                if ((b0 & 0x0f) == 8) {
                    return new Reply(seen.toString(), true);
                }
                seen.append(new String(payload, StandardCharsets.UTF_8));
            }
        } catch (java.net.SocketTimeoutException e) {
            // nothing more within the time
        } catch (IOException reset) {
            return new Reply(seen.toString(), true);
        }
        return new Reply(seen.toString(), false);
    }

    /** What the server said: the bytes as text, and whether it closed the connection. */
    record Reply(String text, boolean closed) {
    }

    /** Gone without a close frame or FIN handshake: an RST, as a client that lost power or network. */
    void vanish() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // gone either way
        }
    }

    @Override
    public void close() {
        vanish();
    }
}
