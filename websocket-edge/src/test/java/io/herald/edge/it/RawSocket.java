package io.herald.edge.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket spoken by hand over a TCP socket, for frames no well-behaved client library sends
 * (invalid UTF-8, unmasked client frames, raw fragments).
 */
final class RawSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(10_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawSocket open(int port) throws IOException {
        return open(port, "", 0);
    }

    /**
     * Opens a WebSocket with {@code extraHeaders} (each ending in CRLF) in the handshake; a {@code
     * receiveBufferBytes} above 0 shrinks the socket's receive buffer, so that a test that never
     * reads fills the edge's outbound buffer sooner.
     */
    static RawSocket open(int port, String extraHeaders, int receiveBufferBytes)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        RawSocket s = new RawSocket(socket);
        String head = HttpUpgrade.exchange(socket, port, extraHeaders);
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + head);
        }
        return s;
    }

    /** Sends one masked frame: {@code firstByte} holds FIN and the opcode. */
    void sendFrame(int firstByte, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        writeHeader(firstByte, payload.length, true);
        out.write(mask);
        byte[] masked = payload.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= mask[i & 3];
        }
        out.write(masked);
        out.flush();
    }

    /** Sends one frame without the mask every client frame must have. */
    void sendUnmasked(int firstByte, byte[] payload) throws IOException {
        writeHeader(firstByte, payload.length, false);
        out.write(payload);
        out.flush();
    }

    private void writeHeader(int firstByte, int length, boolean masked) throws IOException {
        out.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        if (length < 126) {
            out.write(maskBit | length);
        } else if (length < 65536) {
            out.write(maskBit | 126);
            out.write(length >>> 8);
            out.write(length & 0xff);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >>> shift) & 0xff);
            }
        }
    }

    /** A frame from the edge: its opcode (0x1 text, 0x8 close, 0x9 ping, …) and payload. */
    record Frame(int opcode, byte[] payload) {
        /** A close frame's status code (1005 when it has none). */
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    /** Reads the next frame; waits at most the socket's read timeout for it. */
    Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }

    /** Reads frames until a close frame and returns its status code. */
    int readCloseCode() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == 0x8) {
                return f.closeCode();
            }
        }
    }

    /** How long a read waits before it fails with a timeout. */
    void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
