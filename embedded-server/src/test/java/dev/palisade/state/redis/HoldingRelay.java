package dev.palisade.state.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback relay in front of a {@link RedisServer}, for a node to connect through, that can make Redis hang for one
 * connection from one command on: once a node sends a command holding every text {@link #holdFrom} was given, that
 * connection's commands wait here, as in the socket of a Redis stopped with SIGSTOP, until {@link #release()}; Redis
 * then runs them all, in order. Unlike {@link RedisServer#pause()} it can hang Redis between two commands of one step
 * (the second waits, the first was answered), which no signal sent from a test can time.
 */
public final class HoldingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int redisPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicReference<String[]> trigger = new AtomicReference<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private HoldingRelay(ServerSocket listener, int redisPort) {
        this.listener = listener;
        this.redisPort = redisPort;
    }

    /** A relay to {@code redis}, accepting on a free loopback port. */
    public static HoldingRelay to(RedisServer redis) throws IOException {
        HoldingRelay relay = new HoldingRelay(new ServerSocket(0, 16, InetAddress.getLoopbackAddress()), redis.port());
        Thread accepting = new Thread(relay::accept, "holding-relay-accept");
        accepting.setDaemon(true);
        accepting.start();
        return relay;
    }

    public java.net.URI uri() {
        return java.net.URI.create("redis://127.0.0.1:" + listener.getLocalPort() + "/0");
    }

    /** Arms the relay: the first command sent holding every one of {@code texts}, and all after it on its connection, wait. */
    public void holdFrom(String... texts) {
        trigger.set(texts.clone());
    }

    /** Whether a command met the trigger within {@code seconds} (its connection waits since). */
    public boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    /** What waited goes on to Redis, which runs it, and the connection passes freely again. */
    public void release() {
        released.countDown();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket node = listener.accept();
                Socket redis = new Socket(InetAddress.getLoopbackAddress(), redisPort);
                sockets.add(node);
                sockets.add(redis);
                pump(redis, node, false); // replies pass freely
                pump(node, redis, true);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies what {@code from} sends to {@code to}; either side closing closes both, as one connection. */
    private void pump(Socket from, Socket to, boolean commands) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            String tail = ""; // a trigger's text may straddle two reads
            try {
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    if (commands && held.getCount() > 0 && trigger.get() != null) {
                        String seen = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                        if (holdsAll(seen, trigger.get()) && trigger.getAndSet(null) != null) {
                            held.countDown();
                            released.await(); // this connection hangs here: what it sends waits in the socket
                        }
                        tail = seen.substring(Math.max(0, seen.length() - 256));
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // a side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "holding-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static boolean holdsAll(String seen, String[] texts) {
        for (String text : texts) if (!seen.contains(text)) return false;
        return true;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        released.countDown();
        listener.close();
        for (Socket s : sockets) closeQuietly(s);
    }
}
