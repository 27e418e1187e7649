package dev.palisade.state.redis;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package) for a test, on a free loopback port, persisting
 * nothing. It can be stopped and started again on the same port, to test an outage. Without the
 * binary the test is skipped, except under CI, which installs it.
 */
public final class RedisServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final Path dir;
    private final int port;
    private final String[] extra;
    private Process process;
    /** A directory of its own, made by {@link #startInScratch}: deleted by {@link #close}. */
    private boolean ownsDir;

    private RedisServer(Path dir, int port, String... extra) {
        this.dir = dir;
        this.port = port;
        this.extra = extra;
    }

    /** Starts one; {@code extra} are more redis-server options, e.g. {@code --requirepass s3cret}. */
    public static RedisServer start(Path dir, String... extra) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            String hint = "Redis tests need Debian's redis-server (apt-get install redis-server)";
            if (System.getenv("CI") != null) throw new IllegalStateException(hint);
            Assumptions.assumeTrue(false, hint);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RedisServer server = new RedisServer(dir, port, extra);
        server.start();
        return server;
    }

    /** Starts one in a new temporary directory, which {@link #close} deletes (redis-server writes its log there). */
    public static RedisServer startInScratch() throws IOException {
        Path dir = Files.createTempDirectory("palisade-redis-test");
        try {
            RedisServer server = start(dir);
            server.ownsDir = true;
            return server;
        } catch (IOException | RuntimeException e) { // no redis-server here, or it did not start: its log is in the message
            deleteTree(dir);
            throw e;
        }
    }

    public int port() { return port; }

    public java.net.URI uri() { return java.net.URI.create("redis://127.0.0.1:" + port + "/0"); }

    /**
     * What {@code call} answers once the node's own client is back after a {@link #start() restart}:
     * each client reconnects on its own, so a call may fail as unavailable for a while (up to 10 s).
     */
    public static <T> T onceBack(java.util.concurrent.Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return call.call();
            } catch (dev.palisade.engine.state.StateUnavailableException | dev.palisade.engine.store.StoreException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(100);
            }
        }
    }

    /** Starts it (again) on its port and waits until it answers. */
    public void start() throws IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(BINARY.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", dir.toString(), "--daemonize", "no", "--loglevel", "warning"));
        command.addAll(java.util.List.of(extra));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("redis-server did not start on port " + port + ": "
                        + Files.readString(dir.resolve("redis-" + port + ".log")));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /**
     * Stops the process with SIGSTOP: Redis hangs with its connections open, as an overloaded or stopped
     * server does; what its clients send waits in the socket, to be run at {@link #resume()}.
     */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a {@link #pause() paused} Redis run again (SIGCONT): it runs what was sent meanwhile. */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String which) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", which, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) throw new IOException("kill " + which + " failed");
    }

    /** Stops it at once, as a crash would (its data is gone: nothing is persisted). */
    public void stop() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        process = null;
    }

    /**
     * Sends one raw command (RESP inline) and returns Redis's reply line, e.g. {@code +OK} or {@code :1};
     * a bulk string's content itself (a one-line value), or null for a missing one.
     */
    public String command(String inline) throws IOException {
        return send((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The same for arguments that hold spaces or quotes (sent as a RESP array). */
    public String commandArgs(String... args) throws IOException {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return send(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String send(byte[] request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            s.setSoTimeout(2_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            String first = line(in);
            if (first.equals("$-1")) return null;
            return first.startsWith("$") ? line(in) : first;
        }
    }

    /** How many connections listen to {@code channel} ({@code PUBSUB NUMSUB}). */
    public long subscribers(String channel) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            s.setSoTimeout(2_000);
            s.getOutputStream().write(("PUBSUB NUMSUB " + channel + "\r\n").getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            line(in); // *2
            line(in); // $n
            line(in); // the channel
            return Long.parseLong(line(in).substring(1));
        }
    }

    /** {@code INFO commandstats}: a line per command Redis ran since its start or CONFIG RESETSTAT. */
    public String infoCommandStats() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            s.setSoTimeout(2_000);
            s.getOutputStream().write("INFO commandstats\r\n".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            int length = Integer.parseInt(line(in).substring(1));
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }

    private boolean answers() {
        try {
            String reply = command("PING");
            return reply.equals("+PONG") || reply.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        if (ownsDir) deleteTree(dir);
    }

    /** Deletes what it can of {@code dir}: a leftover temporary file is no reason to fail a test. */
    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // gone already, or not readable: left behind
        }
    }
}
